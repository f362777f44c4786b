package io.gatelist.bench;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.Random;

/**
 * Random Approved/Blocked lists as an appliance holds them, for the overlap benchmarks: 70% IPv4 with the
 * blocklist length mix of lookup-anchors.md (60% /32, 20% /24, 10% /16-/23, 9% /25-/31, 1% /8-/15), 29.9% IPv6
 * clustered in 5,000 random /32 networks of 2000::/3 (40% /128, 25% /64, 15% /48, 10% /56, 5% /32, 5% /96-/127),
 * 0.1% countries; 15% approved; 1% repeats an earlier entry (a duplicate, or the same value in the other list).
 * Deterministic for a seed.
 */
final class MixedPolicyData {

    private static final String[] COUNTRIES = {"NZ", "KP", "GB", "US", "DE", "FR", "CN", "RU", "BR", "IN", "JP",
        "AU", "CA", "NL", "SE", "NO", "FI", "IT", "ES", "PL"};

    final PolicyEntry[] entries;

    MixedPolicyData(int count, long seed) {
        Random r = new Random(seed);
        long[] networks = new long[5_000];
        for (int i = 0; i < networks.length; i++) {
            networks[i] = (0x2000_0000_0000_0000L | (r.nextLong() & 0x1FFF_FFFF_0000_0000L));
        }
        String[] sources = new String[20];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = "feed-" + i + ".csv";
        }
        entries = new PolicyEntry[count];
        for (int i = 0; i < count; i++) {
            String source = sources[r.nextInt(sources.length)];
            int line = i + 2;
            ListName list = r.nextInt(100) < 15 ? ListName.APPROVED : ListName.BLOCKED;
            int p = r.nextInt(1000);
            if (i > 0 && p < 10) {
                PolicyEntry earlier = entries[r.nextInt(i)];
                entries[i] = new PolicyEntry(r.nextBoolean() ? earlier.list() : list, earlier.kind(), earlier.prefix(),
                        earlier.country(), source, line, null);
            } else if (p < 11) {
                entries[i] = new PolicyEntry(list, EntryKind.COUNTRY, null, COUNTRIES[r.nextInt(COUNTRIES.length)],
                        source, line, null);
            } else if (p < 710) {
                entries[i] = new PolicyEntry(list, EntryKind.IP, ipv4(r), null, source, line, null);
            } else {
                entries[i] = new PolicyEntry(list, EntryKind.IP, ipv6(r, networks), null, source, line, null);
            }
        }
    }

    private static IpPrefix ipv4(Random r) {
        int p = r.nextInt(100);
        int len = p < 60 ? 32 : p < 80 ? 24 : p < 90 ? 16 + r.nextInt(8) : p < 99 ? 25 + r.nextInt(7)
                : 8 + r.nextInt(8);
        return IpPrefix.ipv4(r.nextInt() & (-1 << (32 - len)), len);
    }

    private static IpPrefix ipv6(Random r, long[] networks) {
        int p = r.nextInt(100);
        int len = p < 40 ? 128 : p < 65 ? 64 : p < 80 ? 48 : p < 90 ? 56 : p < 95 ? 32 : 96 + r.nextInt(32);
        long high = networks[r.nextInt(networks.length)] | (r.nextLong() & 0xFFFF_FFFFL);
        long low = r.nextLong();
        long maskHigh = len >= 64 ? -1L : -1L << (64 - len);
        long maskLow = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return IpPrefix.ipv6(high & maskHigh, low & maskLow, len);
    }
}
