package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/** What the tests of the chunked table decoders share: the values their tables may hold, and running threads. */
final class SharedDecoding {

    /** Kinds 1, 2 and 4 with entries 1-1000, combined values 0-9, and 0. */
    static final ValidValues VALID = valid();

    private SharedDecoding() {
    }

    /**
     * Runs {@code decoder} on {@code threads} threads that start together, each with its own view of the image,
     * as the parser's two threads do, and fails if any of them threw.
     */
    static void runTogether(int threads, ByteBuffer image, Consumer<ByteBuffer> decoder) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> helpers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(() -> {
                try {
                    start.await();
                    decoder.accept(image.duplicate());
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            helper.start();
            helpers.add(helper);
        }
        start.await();
        decoder.accept(image.duplicate());
        for (Thread helper : helpers) {
            helper.join();
        }
        assertEquals(List.of(), failures);
    }

    private static ValidValues valid() {
        int[] first = new int[8];
        long[] count = new long[8];
        count[0] = 1;
        for (int kind : new int[] {1, 2, 4}) {
            first[kind] = kind << KIND_SHIFT | 1;
            count[kind] = 1000;
        }
        first[KIND_COMBINED] = KIND_COMBINED << KIND_SHIFT;
        count[KIND_COMBINED] = 10;
        return new ValidValues(first, count);
    }
}
