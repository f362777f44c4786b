package io.gatelist.bench;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Random blocklist-like lists, deterministic for a seed so that every benchmark of a run sees the same entries.
 *
 * <p>IPv4: the mix of lookup-anchors.md, 60% /32, 20% /24, 10% /16-/23, 9% /25-/31, 1% /8-/15. IPv6, the same
 * shape one level down: 60% /128, 20% /64, 10% /48-/63, 9% /65-/127, 1% /32-/47, all in 2000::/3. About 10% of
 * the entries are approved, the rest blocked; an Approved and a Blocked country list are present, and an
 * IP-to-country table of {@link #GEO_RANGES} ranges, so that all four steps of the standard order are live.
 */
final class BlocklistData {

    /** Ranges in the synthetic IP-to-country table: about what the five RIRs' IPv4 records merge to. */
    static final int GEO_RANGES = 150_000;
    /** Countries the queries come from; NZ is approved, KP blocked. */
    static final String[] QUERY_COUNTRIES = {"US", "DE", "GB", "FR", "NZ", "KP", "BR", "IN", "JP", "CN", "RU",
        "AU", "CA", "NL", "SE", "ZA", "NG", "MX", "KR", "IT"};

    final int family;
    final long[] high;
    final long[] low;
    final int[] length;

    BlocklistData(int family, int entries, long seed) {
        this.family = family;
        Random r = new Random(seed);
        high = new long[entries];
        low = new long[entries];
        length = new int[entries];
        for (int i = 0; i < entries; i++) {
            int p = r.nextInt(100);
            if (family == 4) {
                int len = p < 60 ? 32 : p < 80 ? 24 : p < 90 ? 16 + r.nextInt(8) : p < 99 ? 25 + r.nextInt(7)
                        : 8 + r.nextInt(8);
                length[i] = len;
                low[i] = Integer.toUnsignedLong(r.nextInt() & (-1 << (32 - len)));
            } else {
                int len = p < 60 ? 128 : p < 80 ? 64 : p < 90 ? 48 + r.nextInt(16) : p < 99 ? 65 + r.nextInt(63)
                        : 32 + r.nextInt(16);
                length[i] = len;
                long h = 0x2000000000000000L | (r.nextLong() >>> 3);
                long l = r.nextLong();
                high[i] = len >= 64 ? h : h & (-1L << (64 - len));
                low[i] = len <= 64 ? 0 : len == 128 ? l : l & (-1L << (128 - len));
            }
        }
    }

    IpPrefix prefix(int i) {
        return family == 4 ? IpPrefix.ipv4((int) low[i], length[i]) : IpPrefix.ipv6(high[i], low[i], length[i]);
    }

    /** The snapshot of these entries, with the country lists and the IP-to-country table, as an image. */
    ByteBuffer image() {
        return image(true);
    }

    /** The snapshot image, with or without the IP-to-country table. */
    ByteBuffer image(boolean withGeo) {
        return image(withGeo, null);
    }

    /**
     * The snapshot image with reputation feeds beside the lists: {@code feeds}' entries, alternately in a standard
     * and a dynamic feed (null: none).
     */
    ByteBuffer image(boolean withGeo, BlocklistData feeds) {
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        for (int i = 0; i < length.length; i++) {
            b.addIpEntry(i % 10 == 0 ? Step.APPROVED_IP : Step.BLOCKED_IP, prefix(i), "bench", i + 1);
        }
        if (feeds != null) {
            for (int i = 0; i < feeds.length.length; i++) {
                boolean standard = i % 2 == 0;
                b.addIpEntry(standard ? Step.REPUTATION_STANDARD : Step.REPUTATION_DYNAMIC, feeds.prefix(i),
                        standard ? "feed bench-standard" : "feed bench-dynamic", i + 1);
            }
        }
        b.addCountryEntry(true, "NZ", "countries", 1);
        b.addCountryEntry(false, "KP", "countries", 2);
        if (withGeo) {
            addGeo(b, family, 99);
        }
        return b.build();
    }

    /** Publishes the snapshot to a temporary file and opens it as users do: memory-mapped. */
    PolicySnapshot openSnapshot() throws IOException {
        return openSnapshot(null);
    }

    /** As {@link #openSnapshot()}, with reputation feeds beside the lists (null: none). */
    PolicySnapshot openSnapshot(BlocklistData feeds) throws IOException {
        Path file = Files.createTempFile("gatelist-bench-", ".bin");
        file.toFile().deleteOnExit();
        SnapshotPublisher.publish(image(true, feeds), file);
        return PolicySnapshot.open(file);
    }

    /** A synthetic IP-to-country table: random cuts of the space (2000::/3 for IPv6), 10% of them unassigned. */
    static void addGeo(SnapshotBuilder b, int family, long seed) {
        Random r = new Random(seed);
        long[] cuts = new long[GEO_RANGES];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = family == 4 ? Integer.toUnsignedLong(r.nextInt()) : r.nextLong() >>> 3;
        }
        java.util.Arrays.sort(cuts);
        for (int i = 0; i + 1 < cuts.length; i++) {
            if (cuts[i] == cuts[i + 1] || r.nextInt(10) == 0) {
                continue;
            }
            String cc = CountryCodes.code(r.nextInt(CountryCodes.SIZE));
            if (family == 4) {
                b.addGeoRange(4, 0, cuts[i], 0, cuts[i + 1] - 1, cc);
            } else {
                long top = 0x2000000000000000L;
                b.addGeoRange(6, top | cuts[i], 0, top | (cuts[i + 1] - 1), -1L, cc);
            }
        }
    }

    /** Uniformly random IPv4 addresses. */
    static int[] ipv4Queries(int count, long seed) {
        Random r = new Random(seed);
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            q[i] = r.nextInt();
        }
        return q;
    }

    /**
     * IPv4 queries made as {@link #ipv6Queries} makes IPv6 ones: half inside a random entry, half anywhere. The
     * IPv6/IPv4 ratio is measured on these, like against like: uniformly random IPv4 addresses mostly land in
     * the few short prefixes that cover much of the space, where IPv6 queries land in a /128 or /64 half the time.
     */
    int[] ipv4HalfInsideQueries(int count, long seed) {
        Random r = new Random(seed);
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            int a = r.nextInt();
            if (r.nextBoolean()) {
                int e = r.nextInt(length.length);
                int hostBits = (int) (0xFFFFFFFFL >>> length[e]);
                a = (int) low[e] | (a & hostBits);
            }
            q[i] = a;
        }
        return q;
    }

    /**
     * IPv6 queries as pairs (high, low): half inside a random entry, half anywhere in 2000::/3 (where a uniformly
     * random IPv6 address would essentially never meet an entry).
     */
    long[] ipv6Queries(int count, long seed) {
        Random r = new Random(seed);
        long[] q = new long[2 * count];
        for (int i = 0; i < count; i++) {
            long h = 0x2000000000000000L | (r.nextLong() >>> 3);
            long l = r.nextLong();
            if (r.nextBoolean()) {
                int e = r.nextInt(length.length);
                int len = length[e];
                long maskHigh = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
                long maskLow = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
                h = high[e] | (h & ~maskHigh);
                l = low[e] | (l & ~maskLow);
            }
            q[2 * i] = h;
            q[2 * i + 1] = l;
        }
        return q;
    }

    /** A country index per query, from {@link #QUERY_COUNTRIES}. */
    static int[] queryCountries(int count, long seed) {
        Random r = new Random(seed);
        int[] c = new int[count];
        for (int i = 0; i < count; i++) {
            c[i] = CountryCodes.index(QUERY_COUNTRIES[r.nextInt(QUERY_COUNTRIES.length)]);
        }
        return c;
    }
}
