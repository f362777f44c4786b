package io.gatelist.export;

import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random lists built to make exports hard: entries of every step packed into a few small blocks so that they
 * nest and overlap in every direction, both families, country steps through an IP-to-country table with
 * unaligned ranges, a blocked 127/8 and the ends of the address space. Compiled by the real
 * {@link SnapshotBuilder}; {@link #sample(int)} gives addresses to compare answers on.
 */
final class RandomLists {

    private static final Step[] STEPS = {Step.APPROVED_IP, Step.BLOCKED_IP, Step.BLOCKED_IP, Step.BLOCKED_IP,
        Step.APPROVED_IP, Step.GLOBAL_APPROVED, Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC};

    final PolicySnapshot snapshot;
    final byte[] image;
    private final List<IpPrefix> entries = new ArrayList<>();
    private final Random random;

    RandomLists(long seed, int count) {
        random = new Random(seed);
        SnapshotBuilder b = new SnapshotBuilder(seed, Instant.parse("2026-11-23T12:00:00Z"));
        for (int i = 0; i < count; i++) {
            Step step = STEPS[random.nextInt(STEPS.length)];
            IpPrefix prefix = random.nextInt(4) == 0 ? v6() : v4();
            b.addIpEntry(step, prefix, step == Step.APPROVED_IP ? "approved.csv" : "lists $ and $1 " + step.id() + ".csv",
                    i + 2);
            entries.add(prefix);
        }
        add(b, Step.BLOCKED_IP, IpPrefix.ipv4(0x7F000000, 8)); // 127/8: 127.0.0.1 must still never be listed
        add(b, Step.BLOCKED_IP, IpPrefix.ipv4(0xFFFFFF00, 24)); // the end of the space
        add(b, Step.APPROVED_IP, IpPrefix.ipv4(0xFFFFFFFF, 32));
        add(b, Step.BLOCKED_IP, IpPrefix.ipv4(0x00000000, 16)); // the start of the space
        add(b, Step.BLOCKED_IP, IpPrefix.ipv6(-1L << 8, 0, 56)); // ff..:/56 at the IPv6 end
        b.addCountryEntry(false, "KP", "countries.csv", 2);
        b.addCountryEntry(true, "NZ", "countries.csv", 3);
        b.addCountryEntry(false, "DE", "countries.csv", 4);
        b.addGeoRange(4, 0, 0x0A000000L, 0, 0x0A00FFFFL, "KP"); // 10.0.0.0/16
        b.addGeoRange(4, 0, 0x0A010000L, 0, 0x0A0100FFL, "NZ"); // 10.1.0.0/24
        b.addGeoRange(4, 0, 0x0A030005L, 0, 0x0A0309C8L, "DE"); // 10.3.0.5 - 10.3.9.200: not a CIDR block
        b.addGeoRange(4, 0, 0xC0A80000L, 0, 0xC0A8FFFFL, "US"); // a country with no entry
        b.addGeoRange(6, 0x20010db800010000L, 0, 0x20010db80001FFFFL, -1L, "KP");
        b.addGeoRange(6, 0x20010db800020000L, 5, 0x20010db800020000L, 0xFFFFL, "NZ");
        ByteBuffer built = b.build();
        image = new byte[built.capacity()];
        built.get(0, image);
        try {
            snapshot = PolicySnapshot.fromBytes(image);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(SnapshotBuilder b, Step step, IpPrefix prefix) {
        b.addIpEntry(step, prefix, "edges.csv", entries.size() + 2);
        entries.add(prefix);
    }

    private IpPrefix v4() {
        int length = 16 + random.nextInt(17);
        int base = 0x0A000000 | (random.nextInt(6) << 16) | (random.nextInt(1 << 16) & (random.nextBoolean() ? 0xFF00
                : 0xFFFF));
        return IpPrefix.ipv4(base & (-1 << (32 - length)), length);
    }

    private IpPrefix v6() {
        int length = 32 + random.nextInt(97);
        long hi = 0x20010db800000000L | ((long) random.nextInt(4) << 16) | (random.nextInt(3) == 0
                ? random.nextInt(1 << 16) : 0);
        long lo = random.nextBoolean() ? random.nextInt(256) : random.nextLong();
        long maskHi = length >= 64 ? -1L : -1L << (64 - length);
        long maskLo = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpPrefix.ipv6(hi & maskHi, lo & maskLo, length);
    }

    /** Addresses as text: inside entries, around them, edges, test entries and IPv4-mapped forms. */
    List<String> sample(int count) {
        Set<String> out = new LinkedHashSet<>(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "0.0.0.0",
                "255.255.255.255", "255.255.255.254", "10.0.0.1", "10.1.0.255", "10.3.0.4", "10.3.0.5", "10.3.9.200",
                "10.3.9.201", "192.168.1.1", "8.8.8.8", "2001:db8:1::1", "2001:db8:2::4", "2001:db8:2::5",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::1", "::"));
        while (out.size() < count) {
            IpPrefix around = random.nextBoolean() ? entries.get(random.nextInt(entries.size()))
                    : random.nextInt(4) == 0 ? v6() : v4();
            out.add(host(around));
        }
        return new ArrayList<>(out);
    }

    private String host(IpPrefix p) {
        if (p.family() == 4) {
            long span = p.endLow() - p.low();
            long offset = span == 0 ? 0 : Math.floorMod(random.nextLong(), span + 1);
            return IpLiterals.formatIpv4((int) (p.low() + offset));
        }
        long lo = p.low() | (random.nextLong() & (p.endLow() ^ p.low()));
        long hi = p.high() | (random.nextLong() & (p.endHigh() ^ p.high()));
        return IpLiterals.formatIpv6(hi, lo);
    }
}
