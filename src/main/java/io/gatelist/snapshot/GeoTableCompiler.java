package io.gatelist.snapshot;

import io.gatelist.geo.GeoRange;
import io.gatelist.storage.GeoStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds the live IP-to-country ranges into a snapshot: sorted by first address, with overlaps resolved so that
 * the snapshot's tables stay disjoint. RIR data does not overlap (each registry delegates its own space), but
 * two sources could, e.g. a registry file and a hand-written correction: where ranges overlap, the one that
 * starts first keeps the shared addresses and the later one is cut to what remains.
 */
final class GeoTableCompiler {

    private GeoTableCompiler() {
    }

    /** Adds every live range of {@code store} to {@code builder}; returns the number of ranges cut or dropped. */
    static int addTo(SnapshotBuilder builder, GeoStore store) {
        List<GeoRange> ranges = new ArrayList<>();
        store.forEachLiveRange(ranges::add);
        return addTo(builder, ranges);
    }

    static int addTo(SnapshotBuilder builder, List<GeoRange> ranges) {
        List<GeoRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> {
            int c = a.compareStart(b);
            return c != 0 ? c : GeoRange.compare(a.endHigh(), a.endLow(), b.endHigh(), b.endLow());
        });
        int cut = 0;
        GeoRange last = null;
        for (GeoRange r : sorted) {
            if (last != null && last.family() == r.family()
                    && GeoRange.compare(r.startHigh(), r.startLow(), last.endHigh(), last.endLow()) <= 0) {
                cut++;
                if (GeoRange.compare(r.endHigh(), r.endLow(), last.endHigh(), last.endLow()) <= 0) {
                    continue; // entirely inside the earlier range
                }
                long low = last.endLow() + 1;
                long high = low == 0 ? last.endHigh() + 1 : last.endHigh();
                r = new GeoRange(r.family(), high, low, r.endHigh(), r.endLow(), r.country());
            }
            builder.addGeoRange(r.family(), r.startHigh(), r.startLow(), r.endHigh(), r.endLow(), r.country());
            last = r;
        }
        return cut;
    }
}
