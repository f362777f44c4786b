package io.gatelist.storage;

import io.gatelist.input.ImportKind;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Orders the versions of a source and decides, under one lock, whether a version repeats what is already there.
 * Imports of a source are versions in the order they were claimed (their ids). Two daemon nodes, or a daemon and
 * {@code gatelist import}, may finish them in any order, so every decision about a version (applied, a duplicate,
 * superseded) is taken in one transaction that first locks the source's pointer row, the lock that activating a
 * version takes anyway ({@link SourceVersions#activate}, {@link FeedStore#activate}, {@link GeoStore#activate}):
 * two decisions about one source never interleave, whichever process takes them.
 *
 * <p><b>Duplicate</b> means: the file's content (SHA-256; for a feed, also the same database and rbldnsd dataset type)
 * equals the source's <em>live</em> version, the one whose entries are in use. Applying it would change nothing. A
 * version that was held for review, failed or was superseded never became live and is not what a new file is compared
 * with; an earlier version still pending is not either, because its outcome is not known yet: when it becomes live
 * first, the later file is compared with it then, when the later file is applied. A decided version (applied or a
 * duplicate) supersedes every older version still pending, so the source ends with the content of its newest file that
 * was not held, whatever the order the imports finish in.
 *
 * <p>Nomination files (MTA, HELO/EHLO) are no versions: one is a duplicate when an import of the same kind and
 * source with the same content already made its nominations. Those decisions are serialised by the list-revision
 * counter row, since no row per nomination source exists.
 */
public final class VersionOrder {

    /** The import states that count as a decided version of a source. */
    private static final String DECIDED = "('ACCEPTED', 'DUPLICATE')";

    /** How often a decision is tried again after meeting another decision's lock or insert. */
    private static final int ATTEMPTS = 40;

    private VersionOrder() {
    }

    /**
     * Runs {@code decision} in one transaction, again when it lost a race for the source's lock: an H2 lock wait
     * that timed out (H2 waits two seconds, and activating a large version takes longer), or two first versions of a
     * new source inserting its pointer row at once (the loser then finds the row and waits for its lock).
     */
    public static <T> T decide(Database db, Jdbc.Work<T> decision) {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.inTransaction(decision);
            } catch (StorageException e) {
                if (attempt >= ATTEMPTS || !lostRace(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(1000, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Unique violation, lock timeout, deadlock, serialisation failure: another decision came first. */
    private static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                switch (s.getSQLState()) {
                    case "23505", "HYT00", "40001", "40P01", "55P03" -> {
                        return true;
                    }
                    default -> {
                        // look further down the chain
                    }
                }
            }
        }
        return false;
    }

    /**
     * Locks the source of {@code run} for a decision, in the caller's transaction: its pointer row (policy source,
     * IP-to-country source, feed) or, for nomination files, the list-revision row. A source without a pointer row
     * yet has nothing to lock and no live version; its first activation inserts the row, and of two at once the
     * second fails on the key and is tried again by {@link #decide}.
     *
     * @return the live import of the source, or {@code null}
     */
    public static Long lock(Connection c, ImportRun run) throws SQLException {
        return switch (run.kind()) {
            case POLICY -> Jdbc.queryOne(c, "SELECT current_import_id FROM policy_source WHERE name = ? FOR UPDATE",
                    rs -> rs.getLong(1), run.sourceName());
            case GEO -> Jdbc.queryOne(c, "SELECT current_import_id FROM geo_source WHERE name = ? FOR UPDATE",
                    rs -> rs.getLong(1), run.sourceName());
            case FEED -> Jdbc.queryOne(c, "SELECT current_import_id FROM feed WHERE name = ? FOR UPDATE",
                    rs -> rs.getLong(1), feed(c, run).feed());
            case MTA, HELO -> {
                Jdbc.queryLong(c, "SELECT counter_value FROM appliance_counter WHERE name = 'list-revision' "
                        + "FOR UPDATE");
                yield null;
            }
        };
    }

    /**
     * The import whose content {@code run} repeats, or 0: for a version, the source's live version when it has the
     * same SHA-256 (a feed: and the same database and dataset type); for a nomination file, an import of the same kind and source
     * with the same SHA-256 that made its nominations. Call after {@link #lock}, in the same transaction.
     */
    public static long repeats(Connection c, ImportRun run, Long live) throws SQLException {
        if (run.sha256() == null) {
            return 0;
        }
        return switch (run.kind()) {
            case POLICY, GEO -> live == null || live == run.id() ? 0 : Jdbc.queryLong(c, "SELECT id FROM "
                    + "import_run WHERE id = ? AND sha256 = ?", live, run.sha256());
            case FEED -> {
                // The database the version would be live in: the named one, else the feed's own (read under the
                // lock, so a move decided meanwhile counts); and read as the same rbldnsd dataset type.
                FeedStore.Target target = feed(c, run);
                io.gatelist.feed.FeedDatabase database = target.databaseExplicit() ? target.database()
                        : java.util.Objects.requireNonNullElse(Jdbc.queryOne(c, "SELECT feed_database FROM feed "
                                + "WHERE name = ?", rs -> io.gatelist.feed.FeedDatabase.of(rs.getString(1)),
                                target.feed()), target.database());
                Long same = FeedStore.liveWithSameContent(c, target.feed(), database, target.dataset(), run.sha256());
                yield same == null || same == run.id() ? 0 : same;
            }
            case MTA, HELO -> Jdbc.queryLong(c, "SELECT MIN(id) FROM import_run WHERE kind = ? AND source_name = ? "
                    + "AND sha256 = ? AND state = 'ACCEPTED' AND id <> ?", run.kind().id(), run.sourceName(),
                    run.sha256(), run.id());
        };
    }

    /**
     * The newest decided version of the source (applied, or a duplicate of the live one) that is newer than
     * {@code run}, or 0. Such a version supersedes {@code run}: applying the older one now would undo it.
     */
    public static long newerDecided(Connection c, ImportRun run) throws SQLException {
        if (run.kind() == ImportKind.FEED) {
            return Jdbc.queryLong(c, "SELECT MAX(r.id) FROM import_run r JOIN feed_import f ON f.import_id = r.id "
                    + "WHERE f.feed_name = ? AND r.id > ? AND r.state IN " + DECIDED, feed(c, run).feed(), run.id());
        }
        return Jdbc.queryLong(c, "SELECT MAX(id) FROM import_run WHERE kind = ? AND source_name = ? AND id > ? "
                + "AND state IN " + DECIDED, run.kind().id(), run.sourceName(), run.id());
    }

    /** What {@code run} repeats, for its message: "import 7, the live version of source \"partner.csv\"". */
    public static String repeated(Connection c, ImportRun run, long of) throws SQLException {
        return switch (run.kind()) {
            case POLICY -> "import " + of + ", the live version of source \"" + run.sourceName() + "\"";
            case GEO -> "import " + of + ", the live version of IP-to-country source \"" + run.sourceName() + "\"";
            case FEED -> {
                FeedStore.Target target = feed(c, run);
                yield "import " + of + ", the live version of feed \"" + target.feed() + "\" ("
                        + target.database().id() + ")";
            }
            case MTA, HELO -> "import " + of + " of source \"" + run.sourceName() + "\", which made its nominations";
        };
    }

    /** The entries (lines, ranges) that the live version {@code live} holds: a duplicate leaves them unchanged. */
    public static int liveCount(Connection c, ImportRun run, long live) throws SQLException {
        return switch (run.kind()) {
            case POLICY -> EntryStore.count(c, live);
            case GEO -> GeoStore.count(c, live);
            case FEED -> FeedStore.count(c, live);
            case MTA, HELO -> 0;
        };
    }

    /**
     * Deletes what a duplicate staged while it was read (it will never be live): its entries, lines or ranges. Its
     * findings and rejected rows stay, for its report.
     */
    public static void discardStaged(Connection c, ImportRun run) throws SQLException {
        switch (run.kind()) {
            case POLICY -> EntryStore.deleteImport(c, run.id());
            case GEO -> Jdbc.update(c, "DELETE FROM geo_range WHERE import_id = ?", run.id());
            case FEED -> Jdbc.update(c, "DELETE FROM feed_entry WHERE import_id = ?", run.id());
            case MTA, HELO -> {
                // nomination rows are staged as findings and nomination rows of the import: nothing is made of them
            }
        }
    }

    private static FeedStore.Target feed(Connection c, ImportRun run) throws SQLException {
        FeedStore.Target target = FeedStore.target(c, run.id());
        if (target == null) {
            throw new IllegalStateException("import " + run.id() + " names no feed: claim feed files with a feed name "
                    + "and database (gatelist import --kind feed --feed NAME)");
        }
        return target;
    }
}
