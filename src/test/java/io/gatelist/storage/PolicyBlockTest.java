package io.gatelist.storage;

import static io.gatelist.storage.BlockAssertions.withChecksum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed form of a chunk's entries: everything a reader needs comes back, and damage is refused. */
class PolicyBlockTest {

    private static PolicyBlock.Entry ip(int record, int line, ListName list, IpPrefix prefix, String comment) {
        return new PolicyBlock.Entry(record, line, list, EntryKind.IP, prefix, null, comment);
    }

    private static PolicyBlock.Entry country(int record, int line, ListName list, String code, String comment) {
        return new PolicyBlock.Entry(record, line, list, EntryKind.COUNTRY, null, code, comment);
    }

    private static List<PolicyBlock.Entry> edgeValues() {
        List<PolicyBlock.Entry> entries = new ArrayList<>();
        entries.add(ip(0, 2, ListName.BLOCKED, IpPrefix.ipv4(0xC6336400, 24), null)); // record 0, high bit of v4 set
        entries.add(ip(1, 3, ListName.APPROVED, IpPrefix.ipv4(0xFFFFFFFF, 32), ""));
        // IPv6 with the high bits of both halves set, and the all-zero prefix
        entries.add(ip(7, 12, ListName.BLOCKED, IpPrefix.ipv6(0xFFFF_FFFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFF_FFFFL, 128),
                "x".repeat(PolicyBlock.MAX_COMMENT)));
        entries.add(ip(8, 13, ListName.APPROVED, IpPrefix.ipv6(0x8000_0000_0000_0000L, 0, 1), "é 中文 🙂 \"quoted\", comma"));
        entries.add(ip(9, 14, ListName.APPROVED, IpPrefix.ipv6(0, 0, 0), null));
        entries.add(country(10, 9, ListName.BLOCKED, "GB", "line numbers may go back (a quoted multi-line cell)"));
        entries.add(country(4_000_000, 1_000_000_000, ListName.APPROVED, "ZZ", null)); // a large gap
        entries.add(country(Integer.MAX_VALUE, Integer.MAX_VALUE, ListName.BLOCKED, "DE", "ü".repeat(1000)));
        return entries;
    }

    @Test
    void everyFieldComesBackIncludingEdgeValues() {
        List<PolicyBlock.Entry> entries = edgeValues();
        byte[] data = PolicyBlock.encode(entries);
        List<PolicyBlock.Entry> decoded = PolicyBlock.decode(data);
        assertEquals(entries, decoded);
        assertEquals(PolicyBlock.VERSION, data[0]);
        assertEquals(List.of("198.51.100.0/24", "255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "8000::/1", "::/0", "GB", "ZZ", "DE"), decoded.stream().map(PolicyBlock.Entry::value).toList(),
                "entry_value: an ip entry's canonical text, a country's code");
    }

    @Test
    void aSingleEntryAndAFullBlockRoundTrip() {
        List<PolicyBlock.Entry> one = List.of(country(5, 6, ListName.APPROVED, "FR", null));
        assertEquals(one, PolicyBlock.decode(PolicyBlock.encode(one)));
        List<PolicyBlock.Entry> full = new ArrayList<>();
        for (int i = 0; i < PolicyBlock.MAX_ENTRIES; i++) {
            full.add(ip(1 + 3 * i, 2 + 3 * i, i % 2 == 0 ? ListName.BLOCKED : ListName.APPROVED,
                    IpPrefix.ipv4(0x0A000000 + (i << 8), 24), i % 7 == 0 ? "c" + i : null));
        }
        byte[] data = PolicyBlock.encode(full);
        assertEquals(full, PolicyBlock.decode(data));
        assertTrue(data.length < 25 * full.size(), "about 20 bytes an IPv4 entry: " + data.length);
    }

    @Test
    void countsPerListAndKindAreKeptBesideTheBlock() {
        PolicyBlock.Counts counts = PolicyBlock.Counts.of(edgeValues());
        assertEquals(new PolicyBlock.Counts(3, 1, 2, 2), counts);
        assertEquals(8, counts.total());
    }

    @Test
    void anEncoderRefusesWhatItCannotStore() {
        assertThrows(IllegalArgumentException.class, () -> PolicyBlock.encode(List.of()));
        PolicyBlock.Entry a = country(5, 5, ListName.APPROVED, "FR", null);
        PolicyBlock.Entry b = country(4, 6, ListName.APPROVED, "DE", null);
        assertThrows(IllegalArgumentException.class, () -> PolicyBlock.encode(List.of(a, b)), "out of order");
        assertThrows(IllegalArgumentException.class, () -> PolicyBlock.encode(List.of(a, a)), "same record twice");
        assertThrows(IllegalArgumentException.class, () -> country(1, 1, ListName.APPROVED, "FR",
                "x".repeat(PolicyBlock.MAX_COMMENT + 1)));
        assertThrows(IllegalArgumentException.class, () -> new PolicyBlock.Entry(1, 1, ListName.APPROVED,
                EntryKind.IP, null, "10.0.0.0/8", null), "an ip entry without its prefix");
        assertThrows(IllegalArgumentException.class, () -> new PolicyBlock.Entry(1, 1, ListName.APPROVED,
                EntryKind.COUNTRY, IpPrefix.ipv4(0, 8), "GB", null), "a country entry with a prefix");
    }

    @Test
    void aMalformedBlockIsRefusedWithAClearMessage() {
        byte[] data = PolicyBlock.encode(edgeValues());

        assertMalformed(null, "too short");
        assertMalformed(new byte[0], "too short");
        assertMalformed(Arrays.copyOf(data, data.length - 1), "checksum");
        assertMalformed(Arrays.copyOf(data, 20), "checksum");
        byte[] version = data.clone();
        version[0] = 2;
        assertMalformed(version, "version 2");
        for (int i = 1; i < data.length; i += 37) { // a flipped bit anywhere, the checksum included
            byte[] flipped = data.clone();
            flipped[i] ^= 0x10;
            assertMalformed(flipped, "checksum");
        }
    }

    @Test
    void aBlockWhoseChecksumHoldsButWhoseContentIsWrongIsRefusedToo() {
        // bytes with a valid checksum, as a bug in a future encoder could write them
        assertMalformed(withChecksum(new byte[] {PolicyBlock.VERSION, 0}), "entry count 0");
        assertMalformed(withChecksum(new byte[] {PolicyBlock.VERSION, 1, (byte) 0x40, 0, 0, 0}), "unknown flags");
        // one country entry whose value claims 9 bytes where 2 remain
        assertMalformed(withChecksum(new byte[] {PolicyBlock.VERSION, 1, 2, 0, 2, 9, 'G', 'B'}), "past the end");
        // a complete entry followed by a stray byte
        assertMalformed(withChecksum(new byte[] {PolicyBlock.VERSION, 1, 2, 0, 2, 2, 'G', 'B', 7}), "after the last");
        // an IPv4 entry with host bits set: 10.0.0.1/8
        assertMalformed(withChecksum(new byte[] {PolicyBlock.VERSION, 1, 0, 0, 2, 8, 10, 0, 0, 1}),
                "host bits");
        // the same bytes with a good prefix decode, so the checks above are about the content only
        assertEquals(1, PolicyBlock.decode(withChecksum(new byte[] {PolicyBlock.VERSION, 1, 0, 0, 2, 8, 10, 0, 0,
            0})).size());
    }

    private static void assertMalformed(byte[] data, String expected) {
        BlockAssertions.<PolicyBlock.Entry>assertMalformed(PolicyBlock::decode, data, expected);
    }
}
