package io.gatelist.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.Decision;
import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.format.SnapshotFormat;
import io.gatelist.lookup.SnapshotInfo;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.IpPrefix;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRoundTripTest {

    @TempDir
    Path dir;

    /** The seed's own example lists, with one entry per step of both modes. */
    static SnapshotBuilder seedLists() {
        SnapshotBuilder b = new SnapshotBuilder(7, Instant.parse("2026-11-23T10:00:00Z"));
        b.addIpEntry(Step.APPROVED_IP, v4(0xAC1F0FA4, 30), "approved.csv", 2); // 172.31.15.164/30
        b.addIpEntry(Step.BLOCKED_IP, v4(0xAC1F0FA4, 31), "blocked.csv", 2); // 172.31.15.164/31
        b.addIpEntry(Step.BLOCKED_IP, v4(0xC6336400, 24), "blocked.csv", 3); // 198.51.100.0/24
        b.addIpEntry(Step.APPROVED_IP, v4(0x7B7B7B7B, 32), "approved.csv", 3); // 123.123.123.123
        b.addIpEntry(Step.APPROVED_IP, IpPrefix.ipv6(0x20010db785a30000L, 0x00008a2e03707334L, 128), "approved.csv", 4);
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv6(0x20010db800000000L, 0, 32), "blocked.csv", 4);
        b.addCountryEntry(true, "NZ", "countries.csv", 2);
        b.addCountryEntry(false, "KP", "countries.csv", 3);
        b.addGeoRange(4, 0, 0x01000000L, 0, 0x01FFFFFFL, "KP"); // 1.0.0.0/8 -> KP
        b.addGeoRange(4, 0, 0x02000000L, 0, 0x02FFFFFFL, "NZ"); // 2.0.0.0/8 -> NZ
        return b;
    }

    static IpPrefix v4(int address, int length) {
        return IpPrefix.ipv4(address, length);
    }

    @Test
    void everyStepOfBothModesSurvivesTheRoundTrip() throws Exception {
        Path file = dir.resolve("current.bin");
        SnapshotPublisher.publish(seedLists().build(), file);
        PolicySnapshot s = PolicySnapshot.open(file);

        Verdict approvedIp = s.lookup("172.31.15.165", null, Mode.STANDARD);
        assertEquals(Step.APPROVED_IP, approvedIp.step());
        assertEquals("172.31.15.164/30", approvedIp.matched().value());
        assertEquals("approved.csv", approvedIp.matched().source());
        assertEquals(2, approvedIp.matched().line());

        Verdict blockedIp = s.lookup("198.51.100.9", null, Mode.STANDARD);
        assertEquals(Step.BLOCKED_IP, blockedIp.step());
        assertEquals(Decision.BLOCKED, blockedIp.decision());
        assertEquals("198.51.100.0/24", blockedIp.matched().value());
        assertEquals(Step.NONE, s.lookup("198.51.100.9", null, Mode.DYNAMIC).step());

        assertEquals(Step.APPROVED_COUNTRY, s.lookup("203.0.113.5", "nz", Mode.STANDARD).step());
        assertEquals(Step.APPROVED_COUNTRY, s.lookup("203.0.113.5", "NZ", Mode.DYNAMIC).step());
        Verdict blockedCountry = s.lookup("203.0.113.5", "KP", Mode.STANDARD);
        assertEquals(Step.BLOCKED_COUNTRY, blockedCountry.step());
        assertEquals("KP", blockedCountry.matched().value());
        assertEquals(Step.NONE, s.lookup("203.0.113.5", "KP", Mode.DYNAMIC).step());
        // No country given: the IP-to-country table decides.
        assertEquals(Step.BLOCKED_COUNTRY, s.lookup("1.2.3.4", null, Mode.STANDARD).step());
        assertEquals("NZ", s.lookup("2.2.3.4", null, Mode.DYNAMIC).country());
        assertEquals(Step.APPROVED_COUNTRY, s.lookup("2.2.3.4", null, Mode.DYNAMIC).step());
        Verdict none = s.lookup("203.0.113.5", null, Mode.STANDARD);
        assertEquals(Step.NONE, none.step());
        assertNull(none.matched());

        // IPv6, in each of the seed's three text forms, and IPv4-mapped IPv6 evaluating as IPv4.
        for (String form : new String[] {"2001:0db7:85a3:0000:0000:8a2e:0370:7334", "2001:db7:85a3:0:0:8a2e:370:7334",
            "2001:db7:85a3::8a2e:370:7334"}) {
            Verdict v = s.lookup(form, null, Mode.STANDARD);
            assertEquals(Step.APPROVED_IP, v.step(), form);
            assertEquals("2001:db7:85a3::8a2e:370:7334", v.matched().value());
        }
        Verdict v6blocked = s.lookup("2001:db8:1::25", null, Mode.STANDARD);
        assertEquals(Step.BLOCKED_IP, v6blocked.step());
        assertEquals("2001:db8::/32", v6blocked.matched().value());
        assertEquals(Step.NONE, s.lookup("2001:db8:1::25", null, Mode.DYNAMIC).step());
        assertEquals(Step.BLOCKED_IP, s.lookup("::ffff:198.51.100.7", null, Mode.STANDARD).step());
        assertEquals(Step.APPROVED_IP, s.lookup("::ffff:123.123.123.123", null, Mode.DYNAMIC).step());

        // The seed's overlap: the documented order puts Approved first, so the approved /30 wins.
        assertEquals(Step.APPROVED_IP, s.lookup("172.31.15.164", null, Mode.STANDARD).step());

        SnapshotInfo info = s.info();
        assertEquals(SnapshotFormat.VERSION, info.formatVersion());
        assertEquals(7, info.revision());
        assertEquals(Files.size(file), info.fileSize());
        assertEquals(3, info.counts().get("approved-ip")); // two IPv4 entries and one IPv6
        assertEquals(1, info.counts().get("approved-country"));
    }

    @Test
    void aPublishedSnapshotIsReadableByOtherUsersAndReplacesTheOldFile() throws Exception {
        Path file = dir.resolve("current.bin");
        SnapshotPublisher.publish(seedLists().build(), file);
        SnapshotPublisher.publish(new SnapshotBuilder(8, Instant.EPOCH).build(), file);
        assertEquals(8, PolicySnapshot.open(file).info().revision());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void explanationsNameTheSourceAndLineOfEveryEntryWhateverOrderTheyCameIn() throws Exception {
        // Entries are stored 2 bytes each, as line deltas within runs of one source; a new source, a line that
        // goes back, one more than 255 lines ahead or the 257th entry starts a new run. Every case must explain
        // exactly.
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        int[] lines = {2, 3, 40_000_000, 5, 2_000_000_000, Integer.MAX_VALUE, 0, 7};
        String[] sources = {"a.csv", "a.csv", "a.csv", "a.csv", "b.csv", "b.csv", "a.csv", "c.csv"};
        for (int i = 0; i < lines.length; i++) {
            b.addIpEntry(Step.BLOCKED_IP, v4(0x0A000000 + (i << 8), 24), sources[i], lines[i]);
        }
        PolicySnapshot s = open(b.build());
        for (int i = 0; i < lines.length; i++) {
            Verdict v = s.lookup("10.0." + i + ".1", null, Mode.STANDARD);
            assertEquals(sources[i], v.matched().source(), "entry " + i);
            assertEquals(lines[i], v.matched().line(), "entry " + i);
            assertEquals("10.0." + i + ".0/24", v.matched().value());
        }
    }

    @Test
    void longRunsOfEntriesExplainEveryLine() throws Exception {
        // 1,000 entries of one source, lines ascending by 1 to 300: runs close at 256 entries and at long steps.
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        int[] lines = new int[1000];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0, line = 1; i < lines.length; i++, line += 1 + (r.nextInt(10) == 0 ? r.nextInt(300) : 0)) {
            lines[i] = line;
            b.addIpEntry(Step.BLOCKED_IP, v4(0x0B000000 + i, 32), "long.csv", line);
        }
        PolicySnapshot s = open(b.build());
        for (int i = 0; i < lines.length; i++) {
            Verdict v = s.lookup(io.gatelist.lookup.IpLiterals.formatIpv4(0x0B000000 + i), null, Mode.STANDARD);
            assertEquals(lines[i], v.matched().line(), "entry " + i);
        }
    }

    @Test
    void ipv6RangesThatAreNotOnePrefixBecomeBlocksOrARunAndAGap() throws Exception {
        // 2001:db8::/126 with its first address blocked on its own: the /126's remainder, ::1-::3, is two
        // prefixes (::1/128, ::2/127). 2001:db8:1::/120 with ::80 carved out: its remainder ::0-::7f, ::81-::ff
        // holds ::81-::ff, seven prefixes, so it is written as a run and a gap.
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv6(0x20010db800000000L, 0, 126), "v6.csv", 1);
        b.addIpEntry(Step.APPROVED_IP, IpPrefix.ipv6(0x20010db800000000L, 0, 128), "v6.csv", 2);
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv6(0x20010db800010000L, 0, 120), "v6.csv", 3);
        b.addIpEntry(Step.APPROVED_IP, IpPrefix.ipv6(0x20010db800010000L, 0x80, 128), "v6.csv", 4);
        ByteBuffer image = b.build();
        PolicySnapshot s = open(image);
        String[][] expected = {
            {"2001:db8::", "APPROVED_IP"}, {"2001:db8::1", "BLOCKED_IP"}, {"2001:db8::2", "BLOCKED_IP"},
            {"2001:db8::3", "BLOCKED_IP"}, {"2001:db8::4", "NONE"}, {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "NONE"},
            {"2001:db8:1::", "BLOCKED_IP"}, {"2001:db8:1::7f", "BLOCKED_IP"}, {"2001:db8:1::80", "APPROVED_IP"},
            {"2001:db8:1::81", "BLOCKED_IP"}, {"2001:db8:1::ff", "BLOCKED_IP"}, {"2001:db8:1::100", "NONE"},
            {"::", "NONE"}, {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "NONE"},
        };
        for (String[] e : expected) {
            assertEquals(Step.valueOf(e[1]), s.lookup(e[0], null, Mode.STANDARD).step(), e[0]);
        }
        assertEquals("2001:db8::/126", s.lookup("2001:db8::3", null, Mode.STANDARD).matched().value());
        // The blocks as written: ::0 approved, a run (the next range follows it directly); ::1/128 and ::2/127
        // blocked, the remainder split into its prefixes; then runs from :1:: (blocked), ::80 (approved), ::81
        // (blocked, followed by a gap) and ::100 (nothing: the gap).
        ByteBuffer le = image.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int table = -1;
        int count = 0;
        for (int i = 0; i < le.getInt(SnapshotFormat.OFF_SECTION_COUNT); i++) {
            int at = SnapshotFormat.HEADER_SIZE + i * SnapshotFormat.SECTION_DESCRIPTOR_SIZE;
            if (le.getInt(at) == SnapshotFormat.SECTION_POLICY_V6) {
                table = (int) le.getLong(at + 8);
                count = le.getInt(at + 4);
            }
        }
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            codes[i] = le.get(table + 16 * i + 7) & 0xFF;
        }
        int run = SnapshotFormat.RUN_CODE;
        assertEquals(java.util.Arrays.toString(new int[] {run, 128, 127, run, run, run, run}),
                java.util.Arrays.toString(codes));
    }

    @Test
    void forcedPublishingIsRecordedInTheHeader() throws Exception {
        PolicySnapshot s = open(seedLists().overlapsForced(true).build());
        assertTrue(s.info().overlapsForced());
    }

    @Test
    void malformedAddressesAndCountriesAreRefusedWithAClearMessage() throws Exception {
        PolicySnapshot s = open(seedLists().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.lookup("010.1.1.1", null, Mode.STANDARD));
        assertTrue(e.getMessage().contains("010.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> s.lookup("fe80::1%eth0", null, Mode.STANDARD));
        assertThrows(IllegalArgumentException.class, () -> s.lookup("mail.example.net", null, Mode.STANDARD));
        assertThrows(IllegalArgumentException.class, () -> s.lookup("192.0.2.1", "USA", Mode.STANDARD));
    }

    @Test
    void anEmptySnapshotAnswersNone() throws Exception {
        PolicySnapshot s = open(new SnapshotBuilder(1, Instant.now()).build());
        assertEquals(Step.NONE, s.lookup("192.0.2.1", null, Mode.STANDARD).step());
        assertEquals(Step.NONE, s.lookup("2001:db8::1", "US", Mode.DYNAMIC).step());
    }

    static PolicySnapshot open(ByteBuffer image) throws InvalidSnapshotException {
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return PolicySnapshot.fromBytes(bytes);
    }
}
