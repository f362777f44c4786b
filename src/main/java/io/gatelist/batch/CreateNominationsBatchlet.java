package io.gatelist.batch;

import io.gatelist.gal.Investigation;
import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationRow;
import io.gatelist.gal.NominationStaging;
import io.gatelist.gal.NominationStore;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.Jdbc;
import io.gatelist.storage.VersionOrder;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a nomination import's accepted rows into nominations, investigates them and decides the import, all in one
 * transaction (so a restart after a crash never nominates twice). The same file imported again (same kind, source
 * and content as an import that made its nominations) is a DUPLICATE, decided under a lock ({@link VersionOrder})
 * so that two nodes importing it at once nominate once. An MTA file makes one nomination per contact; a
 * HELO/EHLO file adds its strings to the nomination given by {@code nominationId}, else to the contact's newest open
 * nomination. The investigation's warnings and errors are also written as findings of the rows they are about, so
 * the import report shows them; its full record is in {@code gatelist nominations show ID}.
 */
@Named("createNominations")
@Dependent
public class CreateNominationsBatchlet extends AbstractBatchlet {

    /** Findings of the investigation are numbered after the row's own. */
    private static final int INVESTIGATION_SEQ = 1000;

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Inject
    @BatchProperty(name = "layout")
    String layout;

    @Inject
    @BatchProperty(name = "maxRejectedRows")
    String maxRejectedRows;

    @Inject
    @BatchProperty(name = "nominationId")
    String nominationId;

    @Override
    public String process() {
        long limit = maxRejectedRows == null || maxRejectedRows.isBlank() ? 0
                : JobParameters.requireLong("maxRejectedRows", maxRejectedRows);
        long target = nominationId == null || nominationId.isBlank() ? 0
                : JobParameters.requireLong("nominationId", nominationId);
        ImportRun run = new ImportStore(appliance.database()).get(id);
        if (run.state() == ImportState.ACCEPTED || run.state() == ImportState.REJECTED
                || run.state() == ImportState.DUPLICATE) {
            return run.state().name();
        }
        Investigation investigation = Investigation.configured(appliance.home());
        boolean heloFile = ImportKind.of(layout) == ImportKind.HELO; // strings added to a nomination, not new ones
        String changed = ClaimedFile.change(run); // every row was read: were they the claimed bytes?
        return VersionOrder.decide(appliance.database(), c -> {
            FindingStore.Tally tally = FindingStore.tally(c, id);
            if (changed != null) {
                return hold(c, id, tally, "refused: " + changed + "; nothing was nominated (import the file again "
                        + "once it is complete)");
            }
            VersionOrder.lock(c, run);
            // The same file again makes no second set of nominations; strings sent to a nomination named on the
            // command line are that command's own decision.
            long repeats = target != 0 ? 0 : VersionOrder.repeats(c, run, null);
            if (repeats != 0) {
                ImportStore.finishDuplicate(c, id, repeats, counts(tally, 0), "unchanged: same content (sha256) as "
                        + VersionOrder.repeated(c, run, repeats) + "; nothing nominated");
                return ImportState.DUPLICATE.name();
            }
            if (tally.fileErrors() > 0 || (limit >= 0 && tally.rejected() > limit)) {
                String why = tally.fileErrors() > 0
                        ? tally.fileErrors() + " file-level error" + (tally.fileErrors() == 1 ? "" : "s")
                        : tally.rejected() + " rejected row" + (tally.rejected() == 1 ? "" : "s")
                                + ", more than the limit of " + limit;
                return hold(c, id, tally, "held for review: " + why + "; nothing was nominated");
            }
            List<NominationRow> rows = NominationStaging.read(c, id);
            if (rows.isEmpty()) {
                ImportStore.finish(c, id, ImportState.ACCEPTED, counts(tally, 0), "no entries to nominate");
                return ImportState.ACCEPTED.name();
            }
            Map<String, List<NominationRow>> byContact = new LinkedHashMap<>();
            for (NominationRow r : rows) {
                byContact.computeIfAbsent(r.contact().email().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
            }
            List<Long> ids = new ArrayList<>();
            int[] severities = new int[2];
            for (List<NominationRow> group : byContact.values()) {
                Nomination.Contact contact = group.get(0).contact();
                List<Nomination.Helo> helos = group.stream().filter(r -> r.helo() != null)
                        .map(r -> new Nomination.Helo(r.helo(), r.line())).toList();
                long nomination;
                if (heloFile) {
                    nomination = target != 0 ? target : NominationStore.openNominationOf(c, contact.email());
                    if (nomination == 0) {
                        return hold(c, id, tally, "no open nomination of " + contact.email() + " to add the HELO/EHLO "
                                + "strings to: import the MTA file first, or give the nomination with --nomination ID");
                    }
                    try {
                        NominationStore.addHelos(c, nomination, helos, contact.email(), helos.size()
                                + " HELO/EHLO string" + (helos.size() == 1 ? "" : "s") + " added by import " + id);
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        return hold(c, id, tally, e.getMessage());
                    }
                } else {
                    List<Nomination.Mta> mtas = group.stream().map(NominationRow::mta).toList();
                    nomination = NominationStore.create(c, contact, mtas, helos, id);
                }
                Nomination n = NominationStore.get(c, nomination);
                List<Nomination.Check> checks = investigation.investigate(c, nomination, n.mtas(), n.helos());
                NominationStore.saveChecks(c, nomination, checks);
                record(c, id, group, checks, severities);
                ids.add(nomination);
            }
            int mtaCount = (int) rows.stream().filter(r -> r.mta() != null).count();
            int heloCount = (int) rows.stream().filter(r -> r.helo() != null).count();
            String what = heloFile ? plural(heloCount, "HELO/EHLO string") + " added to nomination"
                    : "nomination";
            ImportStore.finish(c, id, ImportState.ACCEPTED, counts(tally, mtaCount + heloCount), what
                    + (ids.size() == 1 ? " " : "s ") + String.join(", ", ids.stream().map(String::valueOf).toList())
                    + (heloFile ? "" : ": " + (mtaCount == 1 ? "1 MTA entry" : mtaCount + " MTA entries")
                            + ", " + plural(heloCount, "HELO/EHLO string"))
                    + "; investigation: " + plural(severities[0], "error") + ", " + plural(severities[1], "warning")
                    + "; review with: "
                    + "gatelist nominations show " + ids.get(0));
            return ImportState.ACCEPTED.name();
        });
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String hold(Connection c, long id, FindingStore.Tally tally, String message) throws SQLException {
        ImportStore.finish(c, id, ImportState.REJECTED, counts(tally, 0), message);
        return ImportState.REJECTED.name();
    }

    /** Writes the investigation's errors and warnings as findings of the rows whose entry they are about. */
    private static void record(Connection c, long importId, List<NominationRow> group, List<Nomination.Check> checks,
            int[] severities) throws SQLException {
        Map<String, NominationRow> bySubject = new java.util.HashMap<>();
        for (NominationRow r : group) {
            if (r.mta() != null) {
                bySubject.putIfAbsent(r.mta().ip().canonical(), r);
                bySubject.putIfAbsent(r.mta().fqdn(), r);
                bySubject.putIfAbsent(r.mta().emailDomain(), r);
            }
            if (r.helo() != null) {
                bySubject.putIfAbsent(r.helo(), r);
            }
        }
        Map<Integer, Integer> nextSeq = new java.util.HashMap<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO import_finding (import_id, record_no, "
                + "scope, seq, line_no, col_no, column_name, cell_value, code, severity, message) "
                + "VALUES (?, ?, 'row', ?, ?, 0, NULL, ?, ?, ?, ?)")) {
            for (Nomination.Check k : checks) {
                if (k.severity().equals("info")) {
                    continue;
                }
                severities[k.severity().equals("error") ? 0 : 1]++;
                NominationRow row = bySubject.get(k.subject());
                if (row == null) {
                    continue; // about an entry of the nomination that came from elsewhere (an earlier import)
                }
                int seq = nextSeq.merge(row.recordNo(), 1, Integer::sum) - 1 + INVESTIGATION_SEQ;
                Jdbc.bind(ps, importId, row.recordNo(), seq, row.line(), k.subject(), k.code(),
                        k.severity().toUpperCase(Locale.ROOT), "investigation: " + k.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static ImportRun.Counts counts(FindingStore.Tally t, int added) {
        return new ImportRun.Counts(t.read(), t.accepted(), t.rejected(), added, 0, 0);
    }
}
