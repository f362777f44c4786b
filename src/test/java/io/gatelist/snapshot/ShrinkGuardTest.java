package io.gatelist.snapshot;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatelist.lookup.SnapshotInfo;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the limit on shrinking lies: at most the configured share of the replaced snapshot's entries may go. */
class ShrinkGuardTest {

    private static SnapshotInfo holding(int entries) {
        return new SnapshotInfo(3, false, 1000, Instant.EPOCH, 7, 0, entries, Map.of());
    }

    @Test
    void theDefaultLetsHalfOfTheEntriesGoAndNoMore() {
        ShrinkGuard guard = ShrinkGuard.defaults();
        assertNull(guard.refusal(holding(10), 5));
        assertNotNull(guard.refusal(holding(10), 4));
        assertNull(guard.refusal(holding(10), 11), "growing is never refused");
        assertNotNull(guard.refusal(holding(1), 0), "a snapshot of one entry does not become empty unasked");
    }

    @Test
    void zeroRefusesAnyShrinkingAndAHundredNone() {
        assertNotNull(new ShrinkGuard(false, 0).refusal(holding(10), 9));
        assertNull(new ShrinkGuard(false, 0).refusal(holding(10), 10));
        assertNull(new ShrinkGuard(false, 100).refusal(holding(2_406_267), 0));
    }

    @Test
    void nothingToReplaceOrShrinkingAllowedIsNeverRefused() {
        assertNull(ShrinkGuard.defaults().refusal(null, 0));
        assertNull(ShrinkGuard.defaults().refusal(holding(0), 0));
        assertNull(new ShrinkGuard(true, 0).refusal(holding(2_406_267), 0));
    }

    @Test
    void aLimitOutsideZeroToAHundredIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new ShrinkGuard(false, 101));
        assertThrows(IllegalArgumentException.class, () -> new ShrinkGuard(false, -1));
    }
}
