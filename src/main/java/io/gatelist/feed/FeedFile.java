package io.gatelist.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a feed file record by record, with physical line numbers: every line that names a value (or should,
 * and is malformed) is a record; comments, blank lines, rbldnsd {@code $} directives and {@code :} default-value
 * lines, JSON metadata lines and the CSV header are not. Records are numbered from 1 in file order, which is what
 * a restarted import skips to. The file is read as strict UTF-8: a bad byte sequence ends the file with a
 * file-level finding (the records before it are still judged, the file is held).
 */
public final class FeedFile implements Closeable {

    /**
     * One record.
     *
     * @param recordNo the record's number (1-based)
     * @param lineNo   its physical line
     * @param text     the line as read
     * @param entry    the value it names, or {@code null} when the line is malformed
     * @param column   the column of the value: 1 for line formats, the value column for CSV
     * @param problem  why the line is malformed, or {@code null}
     */
    public record Item(int recordNo, int lineNo, String text, FeedLine entry, int column, Finding problem) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setTrim(true).get();

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] lineBytes = new byte[256];
    private final FeedFormat format;
    private final FeedLineParser lines = new FeedLineParser();
    private int lineNo;
    private int recordsConsumed;
    private boolean headerSeen;
    private int valueColumn = 1;
    private int reasonColumn = 2;
    private LocatedFinding fileProblem;
    private boolean ended;

    private FeedFile(Path file, FeedFormat format) throws IOException {
        this.format = format;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** Opens a feed file of a known format for reading from its first record. */
    public static FeedFile open(Path file, FeedFormat format) throws IOException {
        return new FeedFile(file, format);
    }

    /** The format being read. */
    public FeedFormat format() {
        return format;
    }

    /**
     * A problem that ended the file early or makes it unusable as a whole (not UTF-8, a CSV feed without its
     * header), once, or {@code null}. Asked after {@link #next()} returned {@code null}, or at any time.
     */
    public LocatedFinding takeFileProblem() {
        LocatedFinding p = fileProblem;
        fileProblem = null;
        return p;
    }

    /** The next record, or {@code null} at the end of the file (or where a bad byte sequence ended it). */
    public Item next() throws IOException {
        String text;
        while ((text = nextLine()) != null) {
            Item item = switch (format) {
                case LINES -> lineRecord(text);
                case JSON_LINES -> jsonRecord(text);
                case CSV -> csvRecord(text);
            };
            if (item != null) {
                return item;
            }
        }
        return null;
    }

    private Item lineRecord(String text) {
        FeedLineParser.Parsed parsed = lines.parse(lineNo, text);
        if (parsed.kind() != FeedLineParser.Kind.ENTRY) {
            return null;
        }
        return new Item(++recordsConsumed, lineNo, text, parsed.entry(), 1, null);
    }

    private Item jsonRecord(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(t);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return malformed(text, 1, "cidr", "line " + lineNo + " is not a JSON object");
        }
        if (node.has("type") && !node.has("cidr")) {
            return null; // Spamhaus ends its JSON files with {"type":"metadata",...}
        }
        JsonNode cidr = node.get("cidr");
        if (cidr == null || !cidr.isTextual() || cidr.asText().isBlank()) {
            return malformed(text, 1, "cidr", "line " + lineNo + " has no \"cidr\" string");
        }
        JsonNode id = node.has("sblid") ? node.get("sblid") : node.get("reason");
        String reason = id == null || id.isNull() || id.asText().isBlank() ? null : id.asText().strip();
        return new Item(++recordsConsumed, lineNo, text, new FeedLine(lineNo, cidr.asText().strip(), reason, false),
                1, null);
    }

    private Item csvRecord(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) { // the comments FeedFormat.detect skips
            return null;
        }
        List<String> cells;
        try (CSVParser parser = CSVParser.parse(new StringReader(t), CSV)) {
            List<CSVRecord> records = parser.getRecords();
            cells = records.size() == 1 ? records.get(0).toList() : null;
        } catch (IOException | RuntimeException e) {
            cells = null;
        }
        if (!headerSeen) {
            headerSeen = true;
            List<String> names = cells == null ? List.of()
                    : cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            valueColumn = names.indexOf("value") + 1;
            reasonColumn = names.indexOf("reason") + 1;
            if (valueColumn == 0) {
                fileProblem = new LocatedFinding(lineNo, 0, Finding.of(Rule.FEED_HEADER_MISSING, null,
                        abbreviate(t), "a CSV feed's first line is the header value,reason"));
                ended = true;
            }
            return null;
        }
        if (cells == null) {
            return malformed(text, 0, null, "line " + lineNo + " cannot be read as one CSV row (an unclosed "
                    + "quote?)");
        }
        if (cells.size() < valueColumn || cells.get(valueColumn - 1).isBlank()) {
            return malformed(text, valueColumn, "value", "line " + lineNo + " has no value");
        }
        String reason = reasonColumn > 0 && cells.size() >= reasonColumn && !cells.get(reasonColumn - 1).isBlank()
                ? cells.get(reasonColumn - 1).strip() : null;
        return new Item(++recordsConsumed, lineNo, text, new FeedLine(lineNo, cells.get(valueColumn - 1).strip(),
                reason, false), valueColumn, null);
    }

    private Item malformed(String text, int column, String columnName, String message) {
        return new Item(++recordsConsumed, lineNo, text, null, column,
                Finding.of(Rule.FEED_LINE_MALFORMED, columnName, abbreviate(text.strip()), message));
    }

    /** Skips records until {@code consumed} have been read: where a restarted import resumes. */
    public void skipTo(int consumed) throws IOException {
        while (recordsConsumed < consumed && next() != null) {
            // skip
        }
    }

    /** Records read so far: the reader's checkpoint. */
    public int recordsConsumed() {
        return recordsConsumed;
    }

    private String nextLine() throws IOException {
        if (ended) {
            return null;
        }
        String text;
        try {
            text = readLine();
        } catch (CharacterCodingException e) {
            ended = true;
            fileProblem = new LocatedFinding(lineNo + 1, 0, Finding.of(Rule.FILE_NOT_UTF8, null, null,
                    "line " + (lineNo + 1) + " is not UTF-8 text; reading stopped there"));
            return null;
        }
        if (text == null) {
            ended = true;
            return null;
        }
        lineNo++;
        if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    /**
     * One physical line (LF, CRLF or CR), decoded on its own so that a bad byte sequence is reported on its line
     * (a decoding reader reads ahead and fails lines early); ASCII lines, nearly all of a feed, skip the decoder.
     */
    private String readLine() throws IOException {
        int length = 0;
        boolean ascii = true;
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (b == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                break;
            }
            if (length == lineBytes.length) {
                lineBytes = Arrays.copyOf(lineBytes, length * 2);
            }
            lineBytes[length++] = (byte) b;
            ascii &= b < 0x80;
            b = in.read();
        }
        return ascii ? new String(lineBytes, 0, length, StandardCharsets.ISO_8859_1)
                : utf8.reset().decode(ByteBuffer.wrap(lineBytes, 0, length)).toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
