package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * Opening the database while another node creates the schema: Flyway's refusal is retried, other errors are not.
 * The race itself, two real processes starting on one new database, is {@code TwoNodesTest}'s.
 */
class MigrationRetryTest {

    @Test
    void aFlywayRefusalIsRetriedUntilTheMigrationGoesThrough() {
        AtomicInteger calls = new AtomicInteger();
        Database.retrying(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new FlywayException("Unable to baseline schema history table \"public\".\"gatelist_schema_history\""
                        + " as it already exists, and is empty.");
            }
        }, 6, 1);
        assertEquals(3, calls.get());
    }

    @Test
    void aPersistentRefusalFailsAfterTheLastAttemptWithItsOwnMessage() {
        AtomicInteger calls = new AtomicInteger();
        FlywayException refusal = new FlywayException("Validate failed: checksum mismatch for V3");
        FlywayException thrown = assertThrows(FlywayException.class, () -> Database.retrying(() -> {
            calls.incrementAndGet();
            throw refusal;
        }, 4, 1));
        assertSame(refusal, thrown);
        assertEquals(4, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Database.retrying(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not Flyway's");
        }, 6, 1));
        assertEquals(1, calls.get());
    }
}
