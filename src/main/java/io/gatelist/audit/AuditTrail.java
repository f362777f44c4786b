package io.gatelist.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit trail: an append-only log of every change to what a lookup answers, each record chained to the one
 * before it by its hash (SHA-256 over its fields, its values and the previous record's hash).
 *
 * <p>A record is appended in the transaction of the change it records, so that one never commits without the
 * other; appends lock the chain's head row, so that records are numbered and chained one at a time whichever
 * process appends. {@link #verify} walks the chain again: an altered record breaks its own hash, a deleted one
 * the next record's link or the head's.
 */
public final class AuditTrail {

    /** The hash before the first record. */
    static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private final Database db;
    private final Clock clock;

    public AuditTrail(Database db) {
        this(db, Clock.systemUTC());
    }

    public AuditTrail(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends {@code event} in a transaction of its own; returns its number. */
    public long append(AuditEvent event) {
        return db.inTransaction(c -> append(c, event, clock.instant()));
    }

    /**
     * Appends {@code event} in the caller's transaction (the one making the change); returns its number. The
     * chain's head stays locked until that transaction ends.
     */
    public static long append(Connection c, AuditEvent event, Instant at) throws SQLException {
        record Head(long seq, String hash) {
        }
        Head head = Jdbc.queryOne(c, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE",
                rs -> new Head(rs.getLong(1), rs.getString(2)));
        if (head == null) {
            throw new IllegalStateException("the audit trail has no head row: the schema is not migrated");
        }
        long seq = head.seq() + 1;
        long millis = at.toEpochMilli();
        String detail = json(event);
        String valuesHash = insertValues(c, seq, event.values());
        String hash = ChainHash.of(seq, millis, event.actor(), event.action().id(), event.subject(), event.reason(),
                detail, event.values().size(), valuesHash, head.hash());
        Jdbc.update(c, "INSERT INTO audit_record (seq, recorded_at, actor, action, subject, reason, detail, "
                + "value_count, values_sha256, prev_hash, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, millis, event.actor(), event.action().id(), event.subject(), event.reason(), detail,
                event.values().size(), valuesHash, head.hash(), hash);
        Jdbc.update(c, "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
        return seq;
    }

    private static String json(AuditEvent event) {
        try {
            return JSON.writeValueAsString(event.detail());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an audit record's detail must be plain data: " + e.getMessage(), e);
        }
    }

    /** Stores the values of record {@code seq} and returns their hash (see {@link ChainHash#values}). */
    private static String insertValues(Connection c, long seq, List<AuditValue> values) throws SQLException {
        MessageDigest digest = ChainHash.newDigest();
        if (values.isEmpty()) {
            return HexFormat.of().formatHex(digest.digest());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_value (seq, idx, change_kind, list_name, "
                + "entry_value, family, first_high, first_low, last_high, last_low) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?)")) {
            int idx = 0;
            for (AuditValue v : values) {
                IpPrefix p = v.prefix();
                Jdbc.bind(ps, seq, idx++, String.valueOf(v.change()), v.list(), v.value(),
                        p == null ? null : p.family(), p == null ? null : Unsigned.key(p.high()),
                        p == null ? null : Unsigned.key(p.low()), p == null ? null : Unsigned.key(p.endHigh()),
                        p == null ? null : Unsigned.key(p.endLow()));
                ps.addBatch();
                ChainHash.addValue(digest, v.change(), v.list(), v.value());
                if (idx % PAGE == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The outcome of {@link #verify}: the records checked and, when broken, where and how. */
    public record Verification(long records, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * Walks the whole chain: every record's number follows the one before, its link repeats the previous hash, its
     * values hash to what it says, its hash is its fields' hash, and the head names the last record. Reports at most
     * the first 20 problems (one broken record makes every later link suspect, and the first one is what to look at).
     */
    public Verification verify() {
        return db.withConnection(c -> {
            List<String> problems = new ArrayList<>();
            long expected = 1;
            String previous = GENESIS;
            long last = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, actor, action, subject, reason, "
                    + "detail, value_count, values_sha256, prev_hash, record_hash FROM audit_record ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next() && problems.size() < 20) {
                    long seq = rs.getLong(1);
                    if (seq != expected) {
                        problems.add(missing(expected, seq - 1) + " (deleted?): the next record is " + seq);
                    }
                    String valuesHash = valuesHash(c, seq);
                    if (!valuesHash.equals(rs.getString(9))) {
                        problems.add("record " + seq + ": its values were changed (they no longer hash to what it "
                                + "recorded)");
                    }
                    if (!previous.equals(rs.getString(10))) {
                        problems.add("record " + seq + ": does not follow the record before it (that one was "
                                + "changed or deleted)");
                    }
                    String hash = ChainHash.of(seq, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10));
                    if (!hash.equals(rs.getString(11))) {
                        problems.add("record " + seq + ": altered (its fields no longer hash to its hash)");
                    }
                    previous = rs.getString(11);
                    last = seq;
                    expected = seq + 1;
                }
            }
            record Head(long seq, String hash) {
            }
            Head head = Jdbc.queryOne(c, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1",
                    rs -> new Head(rs.getLong(1), rs.getString(2)));
            if (problems.size() < 20 && head != null && (head.seq() != last || !head.hash().equals(previous))) {
                problems.add(head.seq() > last ? missing(last + 1, head.seq()) + " (deleted from the end)"
                        : "the chain's head does not name its last record " + last + " (altered)");
            }
            return new Verification(last, List.copyOf(problems));
        });
    }

    private static String missing(long first, long last) {
        return first == last ? "record " + first + " missing" : "records " + first + " to " + last + " missing";
    }

    private static String valuesHash(Connection c, long seq) throws SQLException {
        MessageDigest digest = ChainHash.newDigest();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT change_kind, list_name, entry_value FROM audit_value "
                + "WHERE seq = ? ORDER BY idx", seq); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ChainHash.addValue(digest, rs.getString(1).charAt(0), rs.getString(2), rs.getString(3));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Calls {@code action} with each record that {@code query} selects, oldest first. */
    public void forEach(AuditQuery query, Consumer<AuditRecord> action) {
        db.withConnection(c -> {
            StringBuilder sql = new StringBuilder("SELECT seq, recorded_at, actor, action, subject, reason, detail, "
                    + "value_count, record_hash FROM audit_record r WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (query.since() != null) {
                sql.append(" AND recorded_at >= ?");
                args.add(query.since().toEpochMilli());
            }
            if (query.actor() != null) {
                sql.append(" AND actor = ?");
                args.add(query.actor());
            }
            if (query.value() != null) {
                // records that added or removed a block overlapping the one asked about
                IpPrefix p = query.value();
                sql.append(" AND EXISTS (SELECT 1 FROM audit_value v WHERE v.seq = r.seq AND v.family = ? AND "
                        + "(v.first_high < ? OR (v.first_high = ? AND v.first_low <= ?)) AND "
                        + "(v.last_high > ? OR (v.last_high = ? AND v.last_low >= ?)))");
                args.addAll(List.of(p.family(), Unsigned.key(p.endHigh()), Unsigned.key(p.endHigh()),
                        Unsigned.key(p.endLow()), Unsigned.key(p.high()), Unsigned.key(p.high()),
                        Unsigned.key(p.low())));
            }
            if (query.country() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM audit_value v WHERE v.seq = r.seq AND v.family IS NULL AND "
                        + "v.entry_value = ?)");
                args.add(query.country());
            }
            sql.append(" ORDER BY seq");
            try (PreparedStatement ps = Jdbc.prepare(c, sql.toString(), args.toArray());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(new AuditRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getInt(8), rs.getString(9)));
                }
            }
            return null;
        });
    }

    /** The values record {@code seq} added or removed, in order. */
    public List<AuditValue> values(long seq) {
        return db.withConnection(c -> Jdbc.query(c, "SELECT change_kind, list_name, entry_value FROM audit_value "
                + "WHERE seq = ? ORDER BY idx", rs -> new AuditValue(rs.getString(1).charAt(0) == '+',
                        rs.getString(2), rs.getString(3), null), seq));
    }

    /** SHA-256, which every JDK has. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
