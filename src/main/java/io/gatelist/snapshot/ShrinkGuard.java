package io.gatelist.snapshot;

import io.gatelist.lookup.SnapshotInfo;
import java.util.Locale;

/**
 * Refuses to publish a snapshot that holds far fewer entries than the one it would replace. Lists shrink by
 * an entry or a feed's churn; they do not lose most of their entries at once, unless the database behind them
 * was lost or replaced (a damaged file opened as new, a wrong {@code db.url}), and then publishing would take
 * every mail server's lists away with it.
 *
 * @param allowShrink      publish however much smaller ({@code compile --allow-shrink})
 * @param maxShrinkPercent otherwise, how much smaller than the snapshot it replaces a new one may be, in percent
 *                         of that one's entries: 0 refuses any shrinking, 100 none
 */
public record ShrinkGuard(boolean allowShrink, int maxShrinkPercent) {

    /** The setting in gatelist.properties. */
    public static final String SETTING = "publish.max-shrink-percent";

    /** Its default: a snapshot may lose up to half of the entries of the one it replaces. */
    public static final int DEFAULT_MAX_SHRINK_PERCENT = 50;

    public ShrinkGuard {
        if (maxShrinkPercent < 0 || maxShrinkPercent > 100) {
            throw new IllegalArgumentException("gatelist.properties: " + SETTING + " must be between 0 and 100, not "
                    + maxShrinkPercent);
        }
    }

    /** The guard of a compile that is told nothing: the default limit, no shrinking beyond it. */
    public static ShrinkGuard defaults() {
        return new ShrinkGuard(false, DEFAULT_MAX_SHRINK_PERCENT);
    }

    /**
     * Why a snapshot of {@code entries} entries must not replace {@code previous}, or {@code null} when it may
     * (always when there is no previous snapshot, or when shrinking is allowed).
     */
    public String refusal(SnapshotInfo previous, long entries) {
        if (allowShrink || previous == null || previous.entries() == 0) {
            return null;
        }
        long kept = (long) previous.entries() * (100 - maxShrinkPercent);
        if (entries * 100 >= kept) {
            return null;
        }
        long lost = 100L * (previous.entries() - entries) / previous.entries();
        return String.format(Locale.ROOT, "the new snapshot would hold %d entries where the one it replaces "
                + "(revision %d) holds %d: %d%% fewer, more than the %d%% that %s allows", entries,
                previous.revision(), previous.entries(), lost, maxShrinkPercent, SETTING);
    }
}
