package io.gatelist.batch;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.Database;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.FirstOccurrences;
import java.util.ArrayList;
import java.util.List;

/**
 * The duplicate-row rule of a policy import: a row whose entry an earlier row of the file holds is stored once, and
 * reported with the line of the first. It depends on every earlier row, so it is applied where rows are committed in
 * order, a chunk at a time, by the writer (on its background thread when it stores in the background) rather than
 * row by row in the processor. On a large file the table's probes miss the caches: in the processor they were 14-15%
 * of the step thread (JFR, 1M rows); in one loop over a chunk on the writer's thread they can overlap, and the
 * step thread is free for the next chunk (scripts/bench-import, two back-to-back pairs: validated and stored in
 * 1.51-1.94 s against 1.31-2.57 s, median ratios to CSVREAD 2.95x and 2.44x against 2.36x and 2.34x).
 */
public final class DuplicateRows {

    /** Rows whose table slots are read together before they are put: enough misses in flight to overlap. */
    private static final int PEEK_AHEAD = 32;

    private final FirstOccurrences first;
    /** Where the peeked slots go, so that the reads stay (the value is never used). */
    private long peeked;

    private DuplicateRows(FirstOccurrences first) {
        this.first = first;
    }

    /**
     * The rule for an import, knowing the entries it already stored (after a restart: those up to the checkpoint).
     *
     * @param fileBytes the file's size: the table is sized for a row per 64 bytes (policy rows are 20-60 bytes), so
     *                  that it never holds more than the file and a typical file fills it without rehashing
     */
    static DuplicateRows restored(Database database, long importId, long fileBytes) {
        DuplicateRows rows = fresh(fileBytes);
        database.withConnection(c -> {
            EntryStore.forEachEntry(c, importId, e -> rows.first.putIfAbsent(e.list(), e.kind(), e.prefix(),
                    e.country(), e.recordNo(), e.lineNo()));
            return null;
        });
        return rows;
    }

    /** A rule with nothing seen yet, for a whole file read in one go (the read + validate harness). */
    public static DuplicateRows fresh(long fileBytes) {
        return new DuplicateRows(new FirstOccurrences((int) Math.min(Integer.MAX_VALUE, fileBytes / 64)));
    }

    /**
     * The chunk with each duplicate's entry dropped and a duplicate-row warning added; other rows as they were. A
     * row written again (a chunk rewritten after a retry or a restart) meets its own earlier write: that is not a
     * duplicate.
     */
    public List<StagedRow> apply(List<StagedRow> chunk) {
        List<StagedRow> out = null;
        for (int i = 0; i < chunk.size(); i++) {
            if (i % PEEK_AHEAD == 0) {
                peek(chunk, i, Math.min(chunk.size(), i + PEEK_AHEAD));
            }
            StagedRow row = chunk.get(i);
            PolicyEntry entry = row.entry();
            if (entry == null) {
                continue;
            }
            long earlier = first.putIfAbsent(entry.list(), entry.kind(), entry.prefix(), entry.country(),
                    row.recordNo(), row.lineNo());
            if (earlier == FirstOccurrences.ABSENT || FirstOccurrences.recordOf(earlier) == row.recordNo()) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(chunk);
            }
            List<LocatedFinding> findings = new ArrayList<>(row.findings());
            findings.add(new LocatedFinding(row.lineNo(), row.valueColumn(), Finding.of(Rule.DUPLICATE_ROW, "value",
                    row.valueText(), entry.list().id() + " " + entry.value() + " already appears on line "
                            + FirstOccurrences.lineOf(earlier) + "; stored once")));
            out.set(i, new StagedRow(row.recordNo(), row.lineNo(), null, findings, null, null, false));
        }
        return out == null ? chunk : out;
    }

    /** Reads the table slots of rows {@code from..to} ahead of their puts (see {@link FirstOccurrences#peek}). */
    private void peek(List<StagedRow> chunk, int from, int to) {
        long any = 0;
        for (int i = from; i < to; i++) {
            PolicyEntry entry = chunk.get(i).entry();
            if (entry != null) {
                any |= first.peek(entry.list(), entry.kind(), entry.prefix(), entry.country());
            }
        }
        peeked |= any;
    }
}
