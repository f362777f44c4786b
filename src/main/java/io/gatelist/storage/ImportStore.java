package io.gatelist.storage;

import io.gatelist.input.ImportKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Records of imported files and their states. */
public final class ImportStore {

    private static final String COLUMNS = "id, kind, source_name, file_name, stored_path, sha256, bytes, state, "
            + "job_execution_id, created_at, finished_at, rows_read, rows_accepted, rows_rejected, added, removed, "
            + "unchanged, message, origin, duplicate_of, node_id";

    private final Database db;

    public ImportStore(Database db) {
        this.db = db;
    }

    /** Records a newly claimed file and returns its id. */
    public long create(ImportKind kind, String sourceName, String fileName, Path storedPath, String sha256,
            long bytes) {
        return create(kind, sourceName, fileName, storedPath, sha256, bytes, null);
    }

    /** As {@link #create(ImportKind, String, String, Path, String, long)}, owned by process {@code nodeId}. */
    public long create(ImportKind kind, String sourceName, String fileName, Path storedPath, String sha256,
            long bytes, String nodeId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_run (kind, source_name, file_name, "
                    + "stored_path, sha256, bytes, state, created_at, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Jdbc.bind(ps, kind.id(), sourceName, fileName, storedPath.toString(), sha256, bytes,
                        ImportState.CLAIMED.name(), now(), nodeId);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Makes {@code owner} the process that runs import {@code id}, unless another process took it since its owner
     * was seen to be {@code previous} (null: none).
     *
     * @return true when this call took it
     */
    public boolean takeOwnership(long id, String previous, String owner) {
        return db.withConnection(c -> previous == null
                ? Jdbc.update(c, "UPDATE import_run SET node_id = ? WHERE id = ? AND node_id IS NULL", owner, id)
                : Jdbc.update(c, "UPDATE import_run SET node_id = ? WHERE id = ? AND node_id = ?", owner, id,
                        previous)) == 1;
    }

    /**
     * Records a file just taken from the inbox (still in its private claim folder, not yet read, so of a kind not
     * yet known): its name, where it is, its origin and the node that took it. The claim completes with
     * {@link #recordClaimed} once the file sits in {@code processing/<id>/} and is hashed.
     */
    public long createPending(String sourceName, String fileName, Path claimedAt, String origin, String nodeId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_run (kind, source_name, file_name, "
                    + "stored_path, bytes, state, created_at, origin, node_id) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Jdbc.bind(ps, ImportKind.UNKNOWN, sourceName, fileName, claimedAt.toString(),
                        ImportState.CLAIMED.name(), now(), origin, nodeId);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Completes a claim: where the file now is, its kind ({@code null} while not known), its hash and its size. */
    public void recordClaimed(long id, ImportKind kind, Path storedPath, String sha256, long bytes) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET kind = ?, stored_path = ?, sha256 = ?, bytes = ? "
                + "WHERE id = ?", ImportKind.stored(kind), storedPath.toString(), sha256, bytes, id));
    }

    /**
     * Records a claimed import as DUPLICATE, before a line of it is read, when it repeats what its source already
     * holds: decided under the source's lock, as {@link VersionOrder} defines a duplicate.
     *
     * @return the import it repeats, or 0 when it is to be imported
     */
    public long markIfRepeat(ImportRun run) {
        return VersionOrder.decide(db, c -> {
            Long live = VersionOrder.lock(c, run);
            long of = VersionOrder.repeats(c, run, live);
            if (of != 0) {
                finishDuplicate(c, run.id(), of, new ImportRun.Counts(0, 0, 0, 0, 0,
                        VersionOrder.liveCount(c, run, of)), "unchanged: same content (sha256) as "
                        + VersionOrder.repeated(c, run, of) + "; nothing read or applied");
            }
            return of;
        });
    }

    /** True when some import's stored file lies inside {@code folder}. */
    public boolean refersTo(Path folder) {
        String prefix = folder.toString().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + java.io.File.separator;
        return db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_run WHERE stored_path LIKE ? "
                + "ESCAPE '\\'", prefix + "%")) > 0;
    }

    /** Ends an import without a job: refused as a whole (empty, binary, of no known kind). */
    public void reject(long id, String message) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET state = ?, finished_at = ?, message = ? "
                + "WHERE id = ?", ImportState.REJECTED.name(), now(), message, id));
    }

    /** Imports in any of the given states, oldest first. */
    public List<ImportRun> inStates(ImportState... states) {
        StringBuilder in = new StringBuilder();
        Object[] args = new Object[states.length];
        for (int i = 0; i < states.length; i++) {
            in.append(i == 0 ? "?" : ", ?");
            args[i] = states[i].name();
        }
        return db.withConnection(c -> Jdbc.query(c, "SELECT " + COLUMNS + " FROM import_run WHERE state IN (" + in
                + ") ORDER BY id", ImportStore::map, args));
    }

    /** Points the import at its stored file (known only once the import id exists). */
    public void setStoredPath(long id, Path storedPath) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET stored_path = ? WHERE id = ?",
                storedPath.toString(), id));
    }

    public ImportRun get(long id) {
        ImportRun run = db.withConnection(c -> Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM import_run WHERE id = ?",
                ImportStore::map, id));
        if (run == null) {
            throw new StorageException("no import with id " + id);
        }
        return run;
    }

    /** The most recent imports first. */
    public List<ImportRun> recent(int limit) {
        return db.withConnection(c -> Jdbc.query(c, "SELECT " + COLUMNS + " FROM import_run ORDER BY id DESC "
                + "FETCH FIRST ? ROWS ONLY", ImportStore::map, limit));
    }

    /**
     * Records that a job execution runs the import: it is VALIDATING, unless it was already decided (ACCEPTED or
     * REJECTED) and the execution is a restart that finishes its later steps (overlaps, report): a decision stands.
     */
    public void startValidating(long id, long jobExecutionId) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET job_execution_id = ?, "
                + "finished_at = CASE WHEN state IN ('ACCEPTED', 'REJECTED') THEN finished_at ELSE NULL END, "
                + "state = CASE WHEN state IN ('ACCEPTED', 'REJECTED') THEN state ELSE ? END WHERE id = ?",
                jobExecutionId, ImportState.VALIDATING.name(), id));
    }

    /** Records the final state, counts and message; runs inside the caller's transaction. */
    public static void finish(Connection c, long id, ImportState state, ImportRun.Counts counts, String message)
            throws SQLException {
        Jdbc.update(c, "UPDATE import_run SET state = ?, finished_at = ?, rows_read = ?, rows_accepted = ?, "
                + "rows_rejected = ?, added = ?, removed = ?, unchanged = ?, message = ? WHERE id = ?",
                state.name(), now(), counts.read(), counts.accepted(), counts.rejected(), counts.added(),
                counts.removed(), counts.unchanged(), message, id);
    }

    /**
     * Records, in the caller's transaction, that an import repeats import {@code of} (see {@link VersionOrder}):
     * DUPLICATE, with its counts and message; nothing of it is applied.
     */
    public static void finishDuplicate(Connection c, long id, long of, ImportRun.Counts counts, String message)
            throws SQLException {
        finish(c, id, ImportState.DUPLICATE, counts, message);
        Jdbc.update(c, "UPDATE import_run SET duplicate_of = ? WHERE id = ?", of, id);
    }

    public void fail(long id, String message) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET state = ?, finished_at = ?, message = ? "
                + "WHERE id = ?", ImportState.FAILED.name(), now(), message, id));
    }

    /** Joins an import's outcome message to the note that its job did not finish after the decision. */
    static final String UNFINISHED = "; not finished: ";

    /**
     * Records that a job failed or stopped after its import was decided (applied or held): the decision stands, the
     * message says which later step failed and how to resume.
     */
    public void noteUnfinished(long id, String note) {
        db.withConnection(c -> {
            String message = Jdbc.queryOne(c, "SELECT message FROM import_run WHERE id = ?", rs -> rs.getString(1), id);
            return Jdbc.update(c, "UPDATE import_run SET message = ? WHERE id = ?", decision(message) + UNFINISHED
                    + note, id);
        });
    }

    /** Takes back the note of {@link #noteUnfinished} once a resumed job completed. */
    public void clearUnfinished(long id) {
        db.withConnection(c -> {
            String message = Jdbc.queryOne(c, "SELECT message FROM import_run WHERE id = ?", rs -> rs.getString(1), id);
            return message == null || message.equals(decision(message)) ? 0
                    : Jdbc.update(c, "UPDATE import_run SET message = ? WHERE id = ?", decision(message), id);
        });
    }

    /** True when the import's message carries the note of {@link #noteUnfinished}. */
    public static boolean unfinished(ImportRun run) {
        return run.message() != null && run.message().contains(UNFINISHED);
    }

    private static String decision(String message) {
        if (message == null) {
            return "";
        }
        int at = message.indexOf(UNFINISHED);
        return at < 0 ? message : message.substring(0, at);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static ImportRun map(ResultSet rs) throws SQLException {
        return new ImportRun(rs.getLong("id"), ImportKind.ofStored(rs.getString("kind")), rs.getString("source_name"),
                rs.getString("file_name"), Path.of(rs.getString("stored_path")), rs.getString("sha256"),
                rs.getLong("bytes"), ImportState.valueOf(rs.getString("state")), rs.getLong("job_execution_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                new ImportRun.Counts(rs.getInt("rows_read"), rs.getInt("rows_accepted"), rs.getInt("rows_rejected"),
                        rs.getInt("added"), rs.getInt("removed"), rs.getInt("unchanged")),
                rs.getString("message"), rs.getString("origin"), rs.getLong("duplicate_of"), rs.getString("node_id"));
    }
}
