package io.gatelist.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.lookup.VerdictCodes;
import io.gatelist.policy.IpPrefix;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled lookup must agree with a brute-force evaluation of the seed's order on random lists with
 * nesting, duplicates, both families, countries, the global list and feeds.
 */
class LookupDifferentialTest {

    /** Feeds and the global list weighted up, so that the later steps are reached often. */
    private static final Step[] ADDRESS_STEPS = {Step.APPROVED_IP, Step.BLOCKED_IP, Step.BLOCKED_IP,
        Step.GLOBAL_APPROVED, Step.GLOBAL_APPROVED, Step.REPUTATION_STANDARD, Step.REPUTATION_STANDARD,
        Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC, Step.REPUTATION_DYNAMIC, Step.REPUTATION_DYNAMIC};
    private static final String[] COUNTRIES = {"US", "GB", "NZ", "KP", "DE"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void compiledLookupAgreesWithTheReference(long seed) throws Exception {
        agreesOnNestedEntries(seed, ADDRESS_STEPS, 6);
    }

    /**
     * The customer's two lists alone, the usual snapshot: no feed and no global list, so no range whose modes
     * differ (an empty covers table).
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void compiledLookupAgreesWithTheReferenceOnTheListsAlone(long seed) throws Exception {
        agreesOnNestedEntries(seed, new Step[] {Step.APPROVED_IP, Step.BLOCKED_IP, Step.BLOCKED_IP}, 3);
    }

    /** Random nested entries of {@code steps}; the queries must reach at least {@code stepsReached} steps. */
    private static void agreesOnNestedEntries(long seed, Step[] steps, int stepsReached) throws Exception {
        Random random = new Random(seed);
        ReferencePolicy ref = new ReferencePolicy(new SnapshotBuilder(seed, Instant.EPOCH));
        // Addresses concentrated in a few small blocks so that entries nest and collide often.
        int entries = 100 + random.nextInt(300);
        java.util.List<IpPrefix> added = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
            Step step = steps[random.nextInt(steps.length)];
            IpPrefix prefix = random.nextInt(4) == 0 ? randomV6(random) : randomV4(random);
            ref.ip(step, prefix);
            added.add(prefix);
        }
        for (int i = 0; i < random.nextInt(4); i++) {
            ref.country(random.nextBoolean(), COUNTRIES[random.nextInt(COUNTRIES.length)]);
        }
        ref.geo(4, 0, 0x0A000000L, 0, 0x0A00FFFFL, "KP");
        ref.geo(4, 0, 0x0A010000L, 0, 0x0A0100FFL, "NZ");
        ref.geo(6, 0x20010db800000000L, 0, 0x20010db8FFFFFFFFL, -1L, "DE");
        PolicySnapshot snapshot = SnapshotRoundTripTest.open(ref.builder.build());

        java.util.EnumSet<Step> seen = java.util.EnumSet.noneOf(Step.class);
        for (int q = 0; q < 20_000; q++) {
            // Half the queries inside an existing entry, half anywhere in the same blocks.
            IpPrefix around = random.nextBoolean() ? added.get(random.nextInt(added.size()))
                    : random.nextInt(4) == 0 ? randomV6(random) : randomV4(random);
            IpPrefix address = host(around, random);
            int country = random.nextInt(3) == 0 ? CountryCodes.index(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    : CountryCodes.UNKNOWN;
            assertAgree(ref, snapshot, address, country, seed, seen);
        }
        // The random lists must exercise the order, not just answer NONE.
        assertTrue(seen.size() >= stepsReached, "steps reached: " + seen);
    }

    /**
     * Blocklist-like lists spread over the whole address space (60% host entries, 20% /24 or /64, the rest
     * other lengths, some as short as /8 or /32), large enough that the index on the leading bits is a dozen
     * bits wide and most buckets hold boundaries, with an IP-to-country table cut at random points. Queries
     * fall anywhere, inside an entry or at its edges.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void compiledLookupAgreesWithTheReferenceOnWholeSpaceBlocklists(long seed) throws Exception {
        Random random = new Random(seed);
        ReferencePolicy ref = new ReferencePolicy(new SnapshotBuilder(seed, Instant.EPOCH));
        java.util.List<IpPrefix> added = new java.util.ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            Step step = i % 10 == 0 ? Step.APPROVED_IP : i % 10 < 7 ? Step.BLOCKED_IP
                    : ADDRESS_STEPS[random.nextInt(ADDRESS_STEPS.length)];
            IpPrefix prefix = i % 4 == 0 ? blocklistV6(random) : blocklistV4(random);
            ref.ip(step, prefix);
            added.add(prefix);
        }
        ref.country(true, "NZ");
        ref.country(false, "KP");
        ref.country(false, "NZ"); // the approved list decides first
        long[] cuts = random.longs(200, 0, 1L << 32).sorted().distinct().toArray();
        for (int i = 0; i + 1 < cuts.length; i += 2) {
            ref.geo(4, 0, cuts[i], 0, cuts[i + 1] - 1, COUNTRIES[random.nextInt(COUNTRIES.length)]);
        }
        long[] cuts6 = random.longs(100, 0, 1L << 61).sorted().distinct().toArray();
        for (int i = 0; i + 1 < cuts6.length; i += 2) {
            ref.geo(6, 0x2000000000000000L | cuts6[i], 0, 0x2000000000000000L | (cuts6[i + 1] - 1), -1L,
                    COUNTRIES[random.nextInt(COUNTRIES.length)]);
        }
        PolicySnapshot snapshot = SnapshotRoundTripTest.open(ref.builder.build());

        java.util.EnumSet<Step> seen = java.util.EnumSet.noneOf(Step.class);
        for (int q = 0; q < 6000; q++) {
            IpPrefix address;
            int pick = random.nextInt(4);
            if (pick < 2) {
                address = host(added.get(random.nextInt(added.size())), random);
            } else if (pick == 2) { // an edge: just before or after an entry
                IpPrefix p = added.get(random.nextInt(added.size()));
                address = p.family() == 4
                        ? IpPrefix.ipv4((int) (random.nextBoolean() ? p.low() - 1 : p.endLow() + 1), 32)
                        : IpPrefix.ipv6(p.endLow() == -1L ? p.endHigh() + 1 : p.endHigh(), p.endLow() + 1, 128);
            } else {
                address = random.nextInt(4) == 0
                        ? IpPrefix.ipv6(0x2000000000000000L | (random.nextLong() >>> 3), random.nextLong(), 128)
                        : IpPrefix.ipv4(random.nextInt(), 32);
            }
            int country = random.nextInt(3) == 0 ? CountryCodes.index(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    : CountryCodes.UNKNOWN;
            assertAgree(ref, snapshot, address, country, seed, seen);
        }
        assertTrue(seen.size() >= 6, "steps reached: " + seen);
    }

    /**
     * A snapshot of over 8 MiB, which two threads decode (the one computing the checksum joins the other on the
     * IPv4 policy table, a chunk at a time): deciding, which reads the joined table the chunks were stitched into,
     * agrees with evaluating, which reads the full table, inside and at both edges of a sample of entries.
     */
    @Test
    void aSnapshotDecodedByTwoThreadsDecidesAsItEvaluates() throws Exception {
        Random random = new Random(31);
        SnapshotBuilder builder = new SnapshotBuilder(31, Instant.EPOCH);
        java.util.List<IpPrefix> added = new java.util.ArrayList<>();
        for (int i = 0; i < 1_200_000; i++) {
            IpPrefix prefix = blocklistV4(random);
            builder.addIpEntry(ADDRESS_STEPS[random.nextInt(ADDRESS_STEPS.length)], prefix, "big.csv", i + 1);
            added.add(prefix);
        }
        java.nio.ByteBuffer image = builder.build();
        assertTrue(image.capacity() > 8 << 20, "large enough for two threads: " + image.capacity());
        PolicySnapshot snapshot = SnapshotRoundTripTest.open(image);
        java.util.EnumSet<Step> seen = java.util.EnumSet.noneOf(Step.class);
        for (int q = 0; q < 100_000; q++) {
            IpPrefix p = added.get(random.nextInt(added.size()));
            int address = switch (random.nextInt(3)) {
                case 0 -> (int) p.low() - 1;
                case 1 -> (int) p.endLow() + 1;
                default -> (int) host(p, random).low();
            };
            for (Mode mode : Mode.values()) {
                long code = snapshot.evaluateIpv4(address, CountryCodes.UNKNOWN, mode);
                assertEquals(code & 0xFFFFFFFFL, snapshot.decideIpv4(address, CountryCodes.UNKNOWN, mode),
                        Integer.toUnsignedString(address) + " " + mode);
                seen.add(VerdictCodes.step(code));
            }
        }
        assertTrue(seen.size() >= 5, "steps reached: " + seen);
    }

    /** Both modes of one query: the snapshot's step and entry equal the reference's; records the steps reached. */
    private static void assertAgree(ReferencePolicy ref, PolicySnapshot snapshot, IpPrefix address, int country,
            long seed, Set<Step> seen) {
        for (Mode mode : Mode.values()) {
            ReferencePolicy.Answer expected = ref.evaluate(address, country, mode);
            long code = address.family() == 4
                    ? snapshot.evaluateIpv4((int) address.low(), country, mode)
                    : snapshot.evaluateIpv6(address.high(), address.low(), country, mode);
            String where = address + " " + mode + " country " + country + " seed " + seed;
            assertEquals(expected.step(), VerdictCodes.step(code), where);
            assertEquals(expected.entry(), VerdictCodes.entry(code), where);
            // The decision without the address entry: the same code less the entry when a range decided (a
            // country step keeps its country entry), explained with the same entry.
            long decided = address.family() == 4
                    ? snapshot.decideIpv4((int) address.low(), country, mode)
                    : snapshot.decideIpv6(address.high(), address.low(), country, mode);
            boolean countryStep = expected.step() == Step.APPROVED_COUNTRY || expected.step() == Step.BLOCKED_COUNTRY;
            assertEquals(countryStep ? code : code & 0xFFFFFFFFL, decided, where);
            assertEquals(explain(snapshot, address, code), explain(snapshot, address, decided), where);
            seen.add(expected.step());
        }
    }

    private static Verdict explain(PolicySnapshot snapshot, IpPrefix address, long code) {
        return address.family() == 4 ? snapshot.explainIpv4(code, (int) address.low())
                : snapshot.explainIpv6(code, address.high(), address.low());
    }

    private static IpPrefix blocklistV4(Random r) {
        int p = r.nextInt(100);
        int length = p < 60 ? 32 : p < 80 ? 24 : p < 90 ? 16 + r.nextInt(8) : p < 99 ? 25 + r.nextInt(7)
                : 8 + r.nextInt(8);
        return IpPrefix.ipv4(r.nextInt() & (-1 << (32 - length)), length);
    }

    private static IpPrefix blocklistV6(Random r) {
        int p = r.nextInt(100);
        int length = p < 60 ? 128 : p < 80 ? 64 : p < 90 ? 48 + r.nextInt(16) : p < 99 ? 65 + r.nextInt(63)
                : 32 + r.nextInt(16);
        long hi = 0x2000000000000000L | (r.nextLong() >>> 3);
        long lo = r.nextLong();
        long maskHi = length >= 64 ? -1L : -1L << (64 - length);
        long maskLo = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpPrefix.ipv6(hi & maskHi, lo & maskLo, length);
    }

    /** A random host inside the given prefix. */
    private static IpPrefix host(IpPrefix p, Random r) {
        if (p.family() == 4) {
            long span = p.endLow() - p.low();
            long offset = span == 0 ? 0 : Math.floorMod(r.nextLong(), span + 1);
            return IpPrefix.ipv4((int) (p.low() + offset), 32);
        }
        long lo = p.low() | (r.nextLong() & (p.endLow() ^ p.low()));
        long hi = p.high() | (r.nextLong() & (p.endHigh() ^ p.high()));
        return IpPrefix.ipv6(hi, lo, 128);
    }

    private static IpPrefix randomV4(Random r) {
        int length = 16 + r.nextInt(17);
        int base = 0x0A000000 | (r.nextInt(16) << 16) | (r.nextInt(1 << 16) & (r.nextBoolean() ? 0xFF00 : 0xFFFF));
        if (r.nextInt(50) == 0) {
            base = -1; // the last address of the space, to exercise the end of the sweep
            length = 24 + r.nextInt(9);
        }
        int mask = length == 0 ? 0 : -1 << (32 - length);
        return IpPrefix.ipv4(base & mask, length);
    }

    private static IpPrefix randomV6(Random r) {
        int length = 32 + r.nextInt(97);
        long hi = 0x20010db800000000L | ((long) r.nextInt(4) << 16) | (r.nextInt(3) == 0 ? r.nextInt(1 << 16) : 0);
        long lo = r.nextBoolean() ? r.nextInt(256) : r.nextLong();
        long maskHi = length >= 64 ? -1L : -1L << (64 - length);
        long maskLo = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpPrefix.ipv6(hi & maskHi, lo & maskLo, length);
    }
}
