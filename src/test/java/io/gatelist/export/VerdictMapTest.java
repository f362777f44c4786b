package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runs tile the address space and every address in a run gets the run's verdict from the lookup. */
class VerdictMapTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void runsTileTheSpaceAndAgreeWithTheLookup(long seed) throws Exception {
        RandomLists lists = new RandomLists(seed, 300);
        for (Mode mode : Mode.values()) {
            List<VerdictRun> v4 = new ArrayList<>();
            List<VerdictRun> v6 = new ArrayList<>();
            VerdictMap map = new VerdictMap(lists.snapshot, mode);
            map.forEachIpv4(v4::add);
            map.forEachIpv6(v6::add);

            assertEquals(0, v4.get(0).startLow());
            assertEquals(0xFFFF_FFFFL, v4.get(v4.size() - 1).endLow());
            for (int i = 1; i < v4.size(); i++) {
                assertTrue(v4.get(i).follows(v4.get(i - 1)), "contiguous at " + v4.get(i));
                assertNotEquals(v4.get(i - 1).code(), v4.get(i).code(), "maximal at " + v4.get(i));
            }
            assertEquals(0, v6.get(0).startHigh());
            assertEquals(0, v6.get(0).startLow());
            assertEquals(-1L, v6.get(v6.size() - 1).endHigh());
            assertEquals(-1L, v6.get(v6.size() - 1).endLow());
            int gaps = 0;
            for (int i = 1; i < v6.size(); i++) {
                VerdictRun run = v6.get(i);
                if (!run.follows(v6.get(i - 1))) { // the one gap: ::ffff:0:0/96, which is IPv4 space
                    gaps++;
                    assertEquals(0, v6.get(i - 1).endHigh());
                    assertEquals(0x0000_FFFE_FFFF_FFFFL, v6.get(i - 1).endLow()); // ends before ::ffff:0:0
                    assertEquals(0, run.startHigh());
                    assertEquals(0x0001_0000_0000_0000L, run.startLow()); // goes on after ::ffff:ffff:ffff
                }
            }
            assertEquals(1, gaps);

            for (String ip : lists.sample(3000)) {
                long v4address = IpLiterals.parseIpv4(ip);
                if (v4address != IpLiterals.INVALID) {
                    VerdictRun run = find(v4, 0, v4address);
                    assertEquals(lists.snapshot.evaluateIpv4((int) v4address, CountryCodes.UNKNOWN, mode), run.code(),
                            ip + " " + mode);
                } else {
                    long[] v6address = new long[2];
                    assertTrue(IpLiterals.parseIpv6(ip, v6address));
                    VerdictRun run = find(v6, v6address[0], v6address[1]);
                    assertEquals(lists.snapshot.evaluateIpv6(v6address[0], v6address[1], CountryCodes.UNKNOWN, mode),
                            run.code(), ip + " " + mode);
                }
            }
        }
    }

    private static VerdictRun find(List<VerdictRun> runs, long high, long low) {
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo < hi) { // the last run starting at or before the address
            int mid = (lo + hi + 1) >>> 1;
            VerdictRun r = runs.get(mid);
            int c = Long.compareUnsigned(r.startHigh(), high);
            if (c < 0 || (c == 0 && Long.compareUnsigned(r.startLow(), low) <= 0)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        VerdictRun run = runs.get(lo);
        int c = Long.compareUnsigned(run.endHigh(), high);
        assertTrue(c > 0 || (c == 0 && Long.compareUnsigned(run.endLow(), low) >= 0), "a run holds the address");
        return run;
    }
}
