package io.gatelist.bench;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.snapshot.SnapshotPublisher;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a published snapshot in a warm JVM: map (or read), verify the CRC32C of the whole file, validate every
 * offset, id and address, decode the tables and build their indexes. The file opened holds the lists, the
 * country lists and a 150,000-range IP-to-country table. The setup prints its size and the bytes per list entry
 * of the same lists without the IP-to-country table (shared data, not per entry): the snapshot-size figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OpenBenchmark {

    @Param({"100000", "1000000"})
    int entries;

    @Param({"4", "6"})
    int family;

    Path file;

    @Setup
    public void setUp() throws Exception {
        BlocklistData lists = new BlocklistData(family, entries, family == 4 ? 42 : 43);
        ByteBuffer image = lists.image();
        file = Files.createTempFile("gatelist-open-", ".bin");
        file.toFile().deleteOnExit();
        SnapshotPublisher.publish(image, file);
        PolicySnapshot s = PolicySnapshot.open(file);
        long listsOnly = lists.image(false).capacity();
        System.out.printf(Locale.ROOT, "%n# IPv%d lists of %,d entries: %,d bytes, %.1f bytes per entry; with the "
                + "IP-to-country table %,d bytes; %s%n", family, entries, listsOnly, (double) listsOnly / entries,
                Files.size(file), s.info().counts());
    }

    @Benchmark
    public PolicySnapshot openMapped() throws Exception {
        return PolicySnapshot.open(file);
    }

    @Benchmark
    public PolicySnapshot openInMemory() throws Exception {
        return PolicySnapshot.open(file, PolicySnapshot.FileMode.MEMORY);
    }
}
