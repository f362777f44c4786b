package io.gatelist.geo;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an RIR delegated statistics file ({@code delegated-<rir>-extended-latest}) record by record, with
 * physical line numbers: the version line ({@code version|registry|serial|records|startdate|enddate|UTCoffset})
 * first, {@code #} comments and blank lines anywhere, summary lines ({@code registry|*|type|*|count|summary}),
 * then the records. Records are numbered from 1 in file order, which is what a restarted import skips to.
 *
 * <p>{@link #check(Path)} reads the whole file once before any record is used and reports what concerns the
 * file as a whole: a missing version line, bytes that are not UTF-8, and counts in the version line or the
 * summaries that the records do not add up to, the sign of a truncated download. Any of these holds the file.
 */
public final class DelegatedFile implements Closeable {

    /** A record line: its number among the records, its physical line and its text. */
    public record Line(int recordNo, int lineNo, String text) {
    }

    private final BufferedReader reader;
    private int lineNo;
    private int recordsConsumed;
    private boolean headerSeen;

    private DelegatedFile(Path file) throws IOException {
        this.reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** Opens a file for reading records from the first. */
    public static DelegatedFile open(Path file) throws IOException {
        return new DelegatedFile(file);
    }

    /** The file-level findings of a whole file: an empty list when nothing holds it. */
    public static List<LocatedFinding> check(Path file) throws IOException {
        List<LocatedFinding> findings = new ArrayList<>();
        Map<String, Integer> byType = new HashMap<>();
        Map<String, long[]> declared = new HashMap<>(); // type -> {count, line}
        long declaredTotal = -1;
        int headerLine = 0;
        int records = 0;
        try (DelegatedFile in = open(file)) {
            String text;
            while ((text = in.nextLine()) != null) {
                if (isSkippable(text)) {
                    continue;
                }
                String[] f = DelegatedRecordRules.split(text);
                if (!in.headerSeen) {
                    in.headerSeen = true;
                    if (isVersionLine(f)) {
                        headerLine = in.lineNo;
                        declaredTotal = parse(f[3]);
                        continue;
                    }
                    findings.add(new LocatedFinding(in.lineNo, 0, Finding.of(Rule.GEO_HEADER_MISSING, null,
                            abbreviate(text), "the first line that is not a comment should be "
                                    + "version|registry|serial|records|startdate|enddate|UTCoffset")));
                }
                if (isSummary(f)) {
                    declared.put(f[2], new long[] {parse(f[4]), in.lineNo});
                    continue;
                }
                records++;
                if (f.length > 2) {
                    byType.merge(f[2].strip(), 1, Integer::sum);
                }
            }
        } catch (CharacterCodingException e) {
            findings.add(new LocatedFinding(0, 0, Finding.of(Rule.FILE_NOT_UTF8, null, null,
                    "the file is not UTF-8 text (an RIR statistics file is ASCII)")));
            return findings;
        }
        if (headerLine == 0 && findings.isEmpty()) {
            findings.add(new LocatedFinding(0, 0, Finding.of(Rule.GEO_HEADER_MISSING, null, null,
                    "the file holds no version line and no records")));
        }
        if (declaredTotal >= 0 && declaredTotal != records) {
            findings.add(new LocatedFinding(headerLine, 4, Finding.of(Rule.GEO_COUNT_MISMATCH, "records",
                    Long.toString(declaredTotal), "the version line declares " + declaredTotal + " records, the file "
                            + "holds " + records + " (a truncated or altered file)")));
        }
        for (Map.Entry<String, long[]> d : declared.entrySet()) {
            int actual = byType.getOrDefault(d.getKey(), 0);
            if (d.getValue()[0] != actual) {
                findings.add(new LocatedFinding((int) d.getValue()[1], 5, Finding.of(Rule.GEO_COUNT_MISMATCH,
                        "count", Long.toString(d.getValue()[0]), "the summary declares " + d.getValue()[0] + " "
                                + d.getKey() + " records, the file holds " + actual)));
            }
        }
        return findings;
    }

    /** The next record, or {@code null} at the end of the file. */
    public Line next() throws IOException {
        String text;
        while ((text = nextLine()) != null) {
            if (isSkippable(text)) {
                continue;
            }
            String[] f = DelegatedRecordRules.split(text);
            if (!headerSeen) {
                headerSeen = true;
                if (isVersionLine(f)) {
                    continue;
                }
            }
            if (isSummary(f)) {
                continue;
            }
            recordsConsumed++;
            return new Line(recordsConsumed, lineNo, text);
        }
        return null;
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
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        lineNo++;
        if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte order mark, which RIR files do not have but editors add
        }
        return text;
    }

    private static boolean isSkippable(String text) {
        return text.isBlank() || text.stripLeading().startsWith("#");
    }

    /** {@code version|registry|serial|records|startdate|enddate|UTCoffset}, version like {@code 2} or {@code 2.3}. */
    private static boolean isVersionLine(String[] f) {
        return f.length >= 7 && f[0].strip().matches("\\d+(\\.\\d+)*") && parse(f[3]) >= 0;
    }

    /** {@code registry|*|type|*|count|summary}. */
    private static boolean isSummary(String[] f) {
        return f.length >= 6 && f[1].strip().equals("*") && f[5].strip().equals("summary");
    }

    private static long parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(t);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
