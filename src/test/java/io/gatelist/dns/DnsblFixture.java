package io.gatelist.dns;

import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Lists that reach every step of both modes, compiled by the real {@link SnapshotBuilder}: one address per
 * return code, overlaps in both directions, country steps through the IP-to-country table, and a Blocked
 * range over 127/8 to show that 127.0.0.1 is never listed whatever the lists say.
 */
public final class DnsblFixture {

    public static final String BLOCKED_IP = "203.0.113.5"; // blocked 203.0.113.0/24
    public static final String APPROVED_IN_BLOCKED = "203.0.113.77"; // approved carve-out /32
    public static final String APPROVED_OVER_BLOCKED = "198.51.100.7"; // approved /24 holds a blocked /32
    public static final String BLOCKED_COUNTRY = "175.45.176.9"; // geo KP, KP blocked
    public static final String APPROVED_COUNTRY = "202.36.1.1"; // geo NZ, NZ approved
    public static final String GLOBAL_APPROVED = "192.0.2.10";
    public static final String REPUTATION_STANDARD = "192.0.2.20";
    public static final String REPUTATION_DYNAMIC = "192.0.2.30";
    public static final String NOT_LISTED = "192.0.2.99";
    public static final String BLOCKED_IPV6 = "2001:db8:dead:1::5"; // blocked 2001:db8:dead::/48
    public static final String APPROVED_IPV6 = "2001:db8:dead:beef::1"; // approved carve-out /64
    public static final String BLOCKED_COUNTRY_IPV6 = "2001:db8:1::7"; // geo KP

    private DnsblFixture() {
    }

    /** The lists, at a given revision (the compile time follows it, so each revision has its own SOA serial). */
    public static SnapshotBuilder lists(long revision) {
        SnapshotBuilder b = new SnapshotBuilder(revision, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(revision));
        b.addIpEntry(Step.BLOCKED_IP, v4(0xCB007100, 24), "blocked.csv", 3); // 203.0.113.0/24
        b.addIpEntry(Step.APPROVED_IP, v4(0xCB00714D, 32), "approved.csv", 4); // 203.0.113.77
        b.addIpEntry(Step.APPROVED_IP, v4(0xC6336400, 24), "approved.csv", 2); // 198.51.100.0/24
        b.addIpEntry(Step.BLOCKED_IP, v4(0xC6336407, 32), "blocked.csv", 4); // 198.51.100.7
        b.addIpEntry(Step.BLOCKED_IP, v4(0x7F000000, 8), "blocked.csv", 9); // 127.0.0.0/8
        b.addIpEntry(Step.GLOBAL_APPROVED, v4(0xC000020A, 32), "global-approved.csv", 1); // 192.0.2.10
        b.addIpEntry(Step.REPUTATION_STANDARD, v4(0xC0000214, 32), "kss.feed", 1); // 192.0.2.20
        b.addIpEntry(Step.REPUTATION_DYNAMIC, v4(0xC000021E, 32), "qil.feed", 1); // 192.0.2.30
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv6(0x20010db8dead0000L, 0, 48), "blocked.csv", 5);
        b.addIpEntry(Step.APPROVED_IP, IpPrefix.ipv6(0x20010db8deadbeefL, 0, 64), "approved.csv", 5);
        b.addCountryEntry(false, "KP", "countries.csv", 2);
        b.addCountryEntry(true, "NZ", "countries.csv", 3);
        b.addGeoRange(4, 0, 0xAF2DB000L, 0, 0xAF2DB3FFL, "KP"); // 175.45.176.0/22
        b.addGeoRange(4, 0, 0xCA240000L, 0, 0xCA24FFFFL, "NZ"); // 202.36.0.0/16
        b.addGeoRange(6, 0x20010db800010000L, 0, 0x20010db80001FFFFL, -1L, "KP"); // 2001:db8:1::/48
        return b;
    }

    /** Compiles revision {@code revision} of the lists and publishes it to {@code file} atomically. */
    public static Path publish(Path file, long revision) throws IOException {
        SnapshotPublisher.publish(lists(revision).build(), file);
        return file;
    }

    private static IpPrefix v4(int address, int length) {
        return IpPrefix.ipv4(address, length);
    }
}
