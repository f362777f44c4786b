package io.gatelist.storage;

import io.gatelist.finding.Rule;
import io.gatelist.finding.Severity;
import io.gatelist.storage.FindingStore.StoredFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The binary form of a {@code finding_block} row's {@code data} (schema V14): the row findings and rejected rows of
 * one chunk of an import, in record order. A million-row file had about 78,000 findings; written as one database
 * row each they cost about as much as validating the file (docs/performance.md has the measurements).
 *
 * <p>Layout, version 1 (varints unsigned LEB128, "zigzag" ones signed; optional text is its UTF-8 byte length
 * plus one, 0 for none, then the bytes):
 * <pre>
 *   version       1 byte, {@value #VERSION}
 *   rows          2 bytes, 1..{@value #MAX_ROWS}
 *   rows times:
 *     record      varint: record number minus the previous row's plus one (the first: the record number itself)
 *     line        zigzag varint: the row's line minus the previous row's (the first: minus 0)
 *     flags       1 byte: bit 0 rejected
 *     findings    varint, then that many times:
 *       line      zigzag varint: the finding's line minus the row's
 *       column    varint: the 1-based column number, 0 for the row as a whole
 *       name      optional text: the column's header name
 *       value     optional text: the cell as read (at most {@value #MAX_VALUE} chars)
 *       code      text: the rule's kebab-case code
 *       severity  1 byte: 0 error, 1 warning, 2 info
 *       message   text
 *     rejected:   the raw row as text, then the reason as text
 *   crc           4 bytes, CRC-32C of everything before it
 * </pre>
 * The longest texts kept are the widths of the columns these rows had before V14, so reports read the same.
 */
public final class FindingBlock {

    /** The format version written; a reader refuses any other. */
    public static final byte VERSION = 1;
    /** Rows a block holds at most. */
    public static final int MAX_ROWS = 10_000;
    /** Encoded bytes after which a block is closed and the next row starts another: a raw row may be long. */
    static final int TARGET_BYTES = 1 << 20;

    static final int MAX_COLUMN_NAME = 255;
    static final int MAX_VALUE = 1000;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_RAW = 1_000_000;
    static final int MAX_REASON = 4000;

    private static final int REJECTED = 1;
    private static final Severity[] SEVERITIES = Severity.values();
    private static final String DUPLICATE = Rule.DUPLICATE_ROW.code();

    /**
     * One row's outcome, as readers need it.
     *
     * @param findings the row's findings in the order found (their record number is the row's)
     * @param raw      the row as read when it was rejected, else {@code null}
     * @param reason   why it was rejected, else {@code null}
     */
    public record Row(int recordNo, int lineNo, List<StoredFinding> findings, String raw, String reason) {
        public Row {
            if (recordNo < 0 || findings == null || (raw == null) != (reason == null)) {
                throw new IllegalArgumentException("record " + recordNo + ": findings required, and raw text and "
                        + "reason together or not at all");
            }
            findings = List.copyOf(findings);
        }

        public boolean rejected() {
            return raw != null;
        }
    }

    /**
     * One encoded block and the counts kept beside it.
     *
     * @param duplicates findings of the duplicate-row rule
     */
    record Encoded(int firstRecord, int lastRecord, int findings, int rejected, int duplicates, byte[] data) {
    }

    private FindingBlock() {
    }

    /**
     * Encodes rows in strictly increasing record order as blocks of at most {@value #MAX_ROWS} rows, closing a block
     * once it passes about a megabyte. Over-long texts are cut to the widths above, with an ellipsis.
     */
    static List<Encoded> encode(List<Row> rows) {
        List<Encoded> blocks = new ArrayList<>();
        int previousRecord = -1;
        int start = 0;
        while (start < rows.size()) {
            BlockBytes.Out body = new BlockBytes.Out(4096, VERSION);
            int countAt = body.reserve16();
            int findings = 0;
            int rejected = 0;
            int duplicates = 0;
            int end = start;
            int previousLine = 0;
            int blockPrevious = -1;
            while (end < rows.size() && end - start < MAX_ROWS && (end == start || body.size() < TARGET_BYTES)) {
                Row row = rows.get(end);
                if (row.recordNo() <= previousRecord) {
                    throw new IllegalArgumentException("record " + row.recordNo() + " after " + previousRecord);
                }
                body.varint(row.recordNo() - blockPrevious - 1L);
                body.varint(BlockBytes.zigzag(row.lineNo() - (long) previousLine));
                body.b(row.rejected() ? REJECTED : 0);
                body.varint(row.findings().size());
                for (StoredFinding f : row.findings()) {
                    body.varint(BlockBytes.zigzag(f.line() - (long) row.lineNo()));
                    body.varint(Math.max(0, f.column()));
                    body.optionalText(BlockBytes.cut(f.columnName(), MAX_COLUMN_NAME));
                    body.optionalText(BlockBytes.cut(f.value(), MAX_VALUE));
                    body.text(f.code());
                    body.b(Severity.valueOf(f.severity()).ordinal());
                    body.text(BlockBytes.cut(f.message(), MAX_MESSAGE));
                    duplicates += DUPLICATE.equals(f.code()) ? 1 : 0;
                }
                if (row.rejected()) {
                    body.text(BlockBytes.cut(row.raw(), MAX_RAW));
                    body.text(BlockBytes.cut(row.reason(), MAX_REASON));
                    rejected++;
                }
                findings += row.findings().size();
                previousRecord = row.recordNo();
                blockPrevious = row.recordNo();
                previousLine = row.lineNo();
                end++;
            }
            body.put16(countAt, end - start);
            blocks.add(new Encoded(rows.get(start).recordNo(), rows.get(end - 1).recordNo(), findings, rejected,
                    duplicates, body.seal()));
            start = end;
        }
        return blocks;
    }

    /** Decodes a whole block; throws {@link MalformedBlockException} rather than return part of it. */
    public static List<Row> decode(byte[] data) {
        List<Row> rows = new ArrayList<>();
        decode(data, rows::add);
        return rows;
    }

    /** Decodes a block, handing each row to {@code consumer} in record order, after the checksum was verified. */
    public static void decode(byte[] data, Consumer<Row> consumer) {
        BlockBytes.In in = BlockBytes.open(data, VERSION, "finding block");
        int count = in.u16();
        if (count < 1 || count > MAX_ROWS) {
            throw in.malformed("row count " + count);
        }
        long record = -1;
        long line = 0;
        for (int i = 0; i < count; i++) {
            record = record + 1 + in.varint();
            line = line + BlockBytes.unzigzag(in.varint());
            if (record > Integer.MAX_VALUE || line < Integer.MIN_VALUE || line > Integer.MAX_VALUE) {
                throw in.malformed("record " + record + " line " + line + " out of range");
            }
            int flags = in.u8();
            if ((flags & ~REJECTED) != 0) {
                throw in.malformed("unknown flags " + Integer.toHexString(flags));
            }
            int n = in.varint(Integer.MAX_VALUE, "finding count");
            List<StoredFinding> findings = new ArrayList<>(Math.min(n, 16));
            for (int k = 0; k < n; k++) {
                long findingLine = line + BlockBytes.unzigzag(in.varint());
                int column = in.varint(Integer.MAX_VALUE, "column");
                String name = in.optionalText();
                String value = in.optionalText();
                String code = in.text();
                int severity = in.u8();
                if (severity >= SEVERITIES.length) {
                    throw in.malformed("severity " + severity);
                }
                String message = in.text();
                if (findingLine < Integer.MIN_VALUE || findingLine > Integer.MAX_VALUE) {
                    throw in.malformed("finding line " + findingLine + " out of range");
                }
                findings.add(new StoredFinding((int) record, (int) findingLine, column, name, value, code,
                        SEVERITIES[severity].name(), message, false));
            }
            String raw = null;
            String reason = null;
            if ((flags & REJECTED) != 0) {
                raw = in.text();
                reason = in.text();
            }
            consumer.accept(new Row((int) record, (int) line, findings, raw, reason));
        }
        in.expectEnd("the last row");
    }
}
