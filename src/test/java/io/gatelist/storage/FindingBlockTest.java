package io.gatelist.storage;

import static io.gatelist.storage.BlockAssertions.withChecksum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.storage.FindingStore.StoredFinding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed form of a chunk's findings and rejected rows: everything a report needs comes back, damage is refused. */
class FindingBlockTest {

    private static StoredFinding finding(int record, int line, int column, String name, String value, String code,
            String severity, String message) {
        return new StoredFinding(record, line, column, name, value, code, severity, message, false);
    }

    private static List<FindingBlock.Row> edgeRows() {
        List<FindingBlock.Row> rows = new ArrayList<>();
        // record 0, a finding about the row as a whole (column 0, no name, no value)
        rows.add(new FindingBlock.Row(0, 2, List.of(finding(0, 2, 0, null, null, "duplicate-row", "WARNING",
                "seen on line 1")), null, null));
        // rejected with two findings, one on a later line of a quoted multi-line record, values that need escaping
        rows.add(new FindingBlock.Row(5, 9, List.of(
                finding(5, 9, 3, "value", "<script>alert(1)</script>", "ipv4-leading-zero", "ERROR", "é 中文 🙂"),
                finding(5, 11, 4, "comment", "=HYPERLINK(\"x\")", "value-required", "INFO", "")),
                "approved,ip,\"010.1.1.1\",\"two\nlines\"", "leading zero"));
        // rejected without findings, an empty raw row
        rows.add(new FindingBlock.Row(6, 8, List.of(), "", ""));
        // a line before the previous row's (lines may go back), a large gap in records, the largest values
        rows.add(new FindingBlock.Row(4_000_000, 1, List.of(finding(4_000_000, 1, Integer.MAX_VALUE, "x", "", "c",
                "INFO", "m")), null, null));
        rows.add(new FindingBlock.Row(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(finding(Integer.MAX_VALUE,
                Integer.MAX_VALUE, 1, "value", "v", "code", "ERROR", "msg")), "raw", "why"));
        return rows;
    }

    @Test
    void rowsComeBackAsWrittenWithTheirCounts() {
        List<FindingBlock.Row> rows = edgeRows();
        List<FindingBlock.Encoded> blocks = FindingBlock.encode(rows);
        assertEquals(1, blocks.size());
        FindingBlock.Encoded block = blocks.get(0);
        assertEquals(0, block.firstRecord());
        assertEquals(Integer.MAX_VALUE, block.lastRecord());
        assertEquals(5, block.findings());
        assertEquals(3, block.rejected());
        assertEquals(1, block.duplicates());
        assertEquals(rows, FindingBlock.decode(block.data()));
    }

    @Test
    void overlongTextsAreCutToTheOldColumnWidths() {
        String longValue = "v".repeat(FindingBlock.MAX_VALUE + 10);
        List<FindingBlock.Row> rows = List.of(new FindingBlock.Row(1, 2, List.of(finding(1, 2, 3,
                "n".repeat(300), longValue, "c", "ERROR", "m".repeat(5000))), "r".repeat(FindingBlock.MAX_RAW + 1),
                "x".repeat(5000)));
        FindingBlock.Row back = FindingBlock.decode(FindingBlock.encode(rows).get(0).data()).get(0);
        StoredFinding f = back.findings().get(0);
        assertEquals(FindingBlock.MAX_COLUMN_NAME, f.columnName().length());
        assertEquals("v".repeat(FindingBlock.MAX_VALUE - 1) + "…", f.value());
        assertEquals(FindingBlock.MAX_MESSAGE, f.message().length());
        assertEquals(FindingBlock.MAX_RAW, back.raw().length());
        assertEquals(FindingBlock.MAX_REASON, back.reason().length());
    }

    @Test
    void manyOrLongRowsAreSplitIntoBlocksThatDoNotOverlap() {
        List<FindingBlock.Row> many = new ArrayList<>();
        for (int r = 1; r <= 25_000; r++) {
            many.add(new FindingBlock.Row(r, r + 1, List.of(finding(r, r + 1, 1, "value", "v" + r, "c", "INFO",
                    "m")), null, null));
        }
        List<FindingBlock.Encoded> blocks = FindingBlock.encode(many);
        assertEquals(List.of(1, 10_001, 20_001), blocks.stream().map(FindingBlock.Encoded::firstRecord).toList());
        assertEquals(List.of(10_000, 20_000, 25_000), blocks.stream().map(FindingBlock.Encoded::lastRecord)
                .toList());
        List<FindingBlock.Row> back = new ArrayList<>();
        blocks.forEach(b -> back.addAll(FindingBlock.decode(b.data())));
        assertEquals(many, back);

        // rejected rows of 300,000 characters: a block closes once it passes about a megabyte
        List<FindingBlock.Row> wide = new ArrayList<>();
        for (int r = 1; r <= 10; r++) {
            wide.add(new FindingBlock.Row(r, r, List.of(), "x".repeat(300_000), "too wide"));
        }
        List<FindingBlock.Encoded> wideBlocks = FindingBlock.encode(wide);
        assertEquals(List.of(1, 5, 9), wideBlocks.stream().map(FindingBlock.Encoded::firstRecord).toList());
        assertTrue(wideBlocks.stream().allMatch(b -> b.data().length < 2 * FindingBlock.TARGET_BYTES));
    }

    @Test
    void rowsMustAscendAndHaveBothRawTextAndReasonOrNeither() {
        FindingBlock.Row row = new FindingBlock.Row(3, 4, List.of(), "raw", "why");
        assertThrows(IllegalArgumentException.class, () -> FindingBlock.encode(List.of(row, row)));
        assertThrows(IllegalArgumentException.class, () -> new FindingBlock.Row(3, 4, List.of(), "raw", null));
        assertThrows(IllegalArgumentException.class, () -> new FindingBlock.Row(-1, 4, List.of(), null, null));
    }

    @Test
    void aMalformedBlockIsRefusedWithAClearMessage() {
        byte[] data = FindingBlock.encode(edgeRows()).get(0).data();
        assertMalformed(null, "too short");
        assertMalformed(Arrays.copyOf(data, data.length - 1), "checksum");
        byte[] version = data.clone();
        version[0] = 9;
        assertMalformed(version, "version 9");
        for (int i = 1; i < data.length; i += 23) {
            byte[] flipped = data.clone();
            flipped[i] ^= 0x04;
            assertMalformed(flipped, "checksum");
        }
        // bytes with a valid checksum whose content is wrong, as a bug in a future encoder could write them
        byte v = FindingBlock.VERSION;
        assertMalformed(withChecksum(new byte[] {v, 0, 0}), "row count 0");
        assertMalformed(withChecksum(new byte[] {v, 0, 1, 0, 0, 2, 0}), "unknown flags");
        // one finding of severity 3
        assertMalformed(withChecksum(new byte[] {v, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 'c', 3, 0}), "severity 3");
        // a value that claims 9 bytes where 1 remains
        assertMalformed(withChecksum(new byte[] {v, 0, 1, 0, 0, 0, 1, 0, 0, 0, 10, 'x'}), "past the end");
        // a complete row followed by a stray byte
        assertMalformed(withChecksum(new byte[] {v, 0, 1, 0, 0, 0, 0, 7}), "after the last row");
        // and the same row without it decodes: the checks above are about the content only
        assertEquals(List.of(new FindingBlock.Row(0, 0, List.of(), null, null)),
                FindingBlock.decode(withChecksum(new byte[] {v, 0, 1, 0, 0, 0, 0})));
    }

    private static void assertMalformed(byte[] data, String expected) {
        BlockAssertions.<FindingBlock.Row>assertMalformed(FindingBlock::decode, data, expected);
    }
}
