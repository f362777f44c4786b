package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import jakarta.batch.runtime.context.StepContext;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint of a writer that stores chunks in the background never passes what is committed, and the reader
 * saves the same one: a restart from it reads every uncommitted record again and stores none twice.
 */
class CheckpointedWriterPipelineTest {

    @TempDir
    Path dir;

    private Database database;
    private ApplianceContext appliance;

    @BeforeEach
    void open() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir);
        database = Database.open(home);
        appliance = new ApplianceContext();
        appliance.init(home, database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Records in memory; a chunk's store can be held back or made to fail. */
    static final class MemoryWriter extends CheckpointedWriter<Integer> {
        final List<Integer> stored = new ArrayList<>();
        final boolean background;
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile int failOnChunkStartingAt = -1;

        MemoryWriter(boolean background) {
            this.background = background;
        }

        @Override
        protected int recordNo(Integer item) {
            return item;
        }

        @Override
        protected Class<Integer> itemType() {
            return Integer.class;
        }

        @Override
        protected boolean storesInBackground() {
            return background;
        }

        @Override
        protected void truncateAfter(Connection c, long importId, int recordNo) {
            synchronized (stored) {
                stored.removeIf(r -> r > recordNo);
            }
        }

        @Override
        protected void write(Connection c, long importId, List<Integer> items, boolean mayBeStored) {
            try {
                assertTrue(gate.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (items.get(0) == failOnChunkStartingAt) {
                throw new IllegalStateException("the database refused chunk " + items.get(0));
            }
            synchronized (stored) {
                if (mayBeStored) {
                    stored.removeIf(r -> r >= items.get(0) && r <= items.get(items.size() - 1));
                }
                stored.addAll(items);
            }
        }
    }

    private MemoryWriter writer(boolean background, CommitWatermark shared) {
        MemoryWriter w = new MemoryWriter(background);
        w.appliance = appliance;
        w.id = 7;
        Object[] userData = {shared};
        w.stepContext = (StepContext) Proxy.newProxyInstance(StepContext.class.getClassLoader(),
                new Class<?>[] {StepContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getTransientUserData" -> userData[0];
                    case "setTransientUserData" -> {
                        userData[0] = args[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return w;
    }

    private static List<Object> records(int from, int to) {
        List<Object> items = new ArrayList<>();
        for (int r = from; r <= to; r++) {
            items.add(r);
        }
        return items;
    }

    @Test
    void theCheckpointLagsUntilAChunkIsCommittedAndCloseWaitsForTheLast() {
        CommitWatermark watermark = new CommitWatermark();
        MemoryWriter w = writer(true, watermark);
        w.open(null);
        assertTrue(watermark.active());

        w.gate = new CountDownLatch(1); // the first chunk's store is held back
        w.writeItems(records(0, 10));
        assertEquals(-1, w.checkpointInfo(), "nothing was committed at the hand-over");
        assertEquals(-1, watermark.checkpoint(), "the reader saves the same checkpoint");
        w.gate.countDown();

        w.writeItems(records(11, 20));
        assertEquals(10, w.checkpointInfo(), "the first chunk was committed before the second was handed over");
        assertEquals(10, watermark.checkpoint());

        w.close();
        assertEquals(21, w.stored.size(), "close waits for the last chunk");
    }

    @Test
    void aFailedStoreFailsTheNextHandOverAndARestartFromTheCheckpointStoresEveryRecordOnce() {
        CommitWatermark watermark = new CommitWatermark();
        MemoryWriter w = writer(true, watermark);
        w.open(null);
        w.writeItems(records(0, 10));
        w.writeItems(records(11, 20));
        w.failOnChunkStartingAt = 21;
        w.writeItems(records(21, 30));
        Object checkpoint = w.checkpointInfo();
        assertEquals(20, checkpoint);
        assertThrows(IllegalStateException.class, () -> w.writeItems(records(31, 40)));

        // The step failed with checkpoint 20: a new writer (a restart) truncates past it and gets every record.
        MemoryWriter again = writer(true, new CommitWatermark());
        again.stored.addAll(w.stored);
        again.stored.add(25); // as if a dead JVM had committed past the checkpoint
        again.open((Integer) checkpoint);
        again.writeItems(records(21, 30));
        again.writeItems(records(31, 40));
        again.close();
        List<Integer> expected = new ArrayList<>();
        for (int r = 0; r <= 40; r++) {
            expected.add(r);
        }
        assertEquals(expected, again.stored.stream().sorted().toList());
    }

    @Test
    void withoutAWatermarkTheWriterStoresEachChunkBeforeItReturns() {
        MemoryWriter w = writer(true, null);
        w.open(null);
        w.writeItems(records(0, 10));
        assertEquals(11, w.stored.size());
        assertEquals(10, w.checkpointInfo());
        w.close();
    }

    @Test
    void aWriterThatDoesNotStoreInTheBackgroundLeavesTheReadersCheckpointAlone() {
        CommitWatermark watermark = new CommitWatermark();
        MemoryWriter w = writer(false, watermark);
        w.open(null);
        w.writeItems(records(0, 10));
        assertEquals(10, w.checkpointInfo());
        assertFalse(watermark.active());
    }
}
