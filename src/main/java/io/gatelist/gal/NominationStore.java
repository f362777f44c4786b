package io.gatelist.gal;

import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import io.gatelist.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Nominations and their history in the database. Nothing here is ever deleted. */
public final class NominationStore {

    private final Database db;

    public NominationStore(Database db) {
        this.db = db;
    }

    /** Records a new nomination in state NOMINATED and returns its id. */
    public long create(Nomination.Contact contact, List<Nomination.Mta> mtas, List<Nomination.Helo> helos,
            long importId) {
        return db.inTransaction(c -> create(c, contact, mtas, helos, importId));
    }

    /** As {@link #create(Nomination.Contact, List, List, long)}, in the caller's transaction. */
    public static long create(Connection c, Nomination.Contact contact, List<Nomination.Mta> mtas,
            List<Nomination.Helo> helos, long importId) throws SQLException {
        {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nomination (state, contact_email, "
                    + "contact_first_name, contact_last_name, import_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Jdbc.bind(ps, NominationState.NOMINATED.name(), contact.email(), contact.firstName(),
                        contact.lastName(), importId == 0 ? null : importId, now());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            // Batched: a bulk CSV nomination holds thousands of entries.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nomination_mta (nomination_id, seq, ip, "
                    + "family, addr_high, addr_low, fqdn, email_domain, company_name, country, company_type, line_no) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Nomination.Mta m : mtas) {
                    Jdbc.bind(ps, id, seq++, m.ip().canonical(), (short) m.ip().family(), m.ip().high(), m.ip().low(),
                            m.fqdn(), m.emailDomain(), m.companyName(), m.country(), m.companyType().id(), m.line());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            insertHelos(c, id, 0, helos);
            event(c, id, contact.email(), null, NominationState.NOMINATED, null);
            return id;
        }
    }

    /** Adds HELO/EHLO strings to a nomination that is not decided yet, in the caller's transaction. */
    public static void addHelos(Connection c, long id, List<Nomination.Helo> helos, String actor, String why)
            throws SQLException {
        String state = Jdbc.queryOne(c, "SELECT state FROM nomination WHERE id = ? FOR UPDATE", rs -> rs.getString(1),
                id);
        if (state == null) {
            throw new IllegalArgumentException("no nomination " + id);
        }
        if (NominationState.valueOf(state).isFinal()) {
            throw new IllegalStateException("nomination " + id + " is " + state + ": HELO/EHLO strings cannot be "
                    + "added to a decided nomination; nominate again");
        }
        int seq = (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM nomination_helo WHERE nomination_id = ?", id);
        insertHelos(c, id, seq, helos);
        NominationState current = NominationState.valueOf(state);
        event(c, id, actor, current, current, why);
    }

    private static void insertHelos(Connection c, long id, int firstSeq, List<Nomination.Helo> helos)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nomination_helo (nomination_id, seq, helo, "
                + "line_no) VALUES (?, ?, ?, ?)")) {
            int seq = firstSeq;
            for (Nomination.Helo h : helos) {
                Jdbc.bind(ps, id, seq++, h.helo(), h.line());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The newest nomination of a contact that is not decided yet, or 0. */
    public static long openNominationOf(Connection c, String contactEmail) throws SQLException {
        Long id = Jdbc.queryOne(c, "SELECT MAX(id) FROM nomination WHERE LOWER(contact_email) = LOWER(?) AND state IN "
                + "('NOMINATED', 'UNDER_REVIEW')", rs -> rs.getObject(1) == null ? null : rs.getLong(1), contactEmail);
        return id == null ? 0 : id;
    }

    /** Replaces the investigation results of a nomination. */
    public void saveChecks(long id, List<Nomination.Check> checks) {
        db.inTransaction(c -> {
            saveChecks(c, id, checks);
            return null;
        });
    }

    /** As {@link #saveChecks(long, List)}, in the caller's transaction. */
    public static void saveChecks(Connection c, long id, List<Nomination.Check> checks) throws SQLException {
        Jdbc.update(c, "DELETE FROM nomination_check WHERE nomination_id = ?", id);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nomination_check (nomination_id, seq, subject, "
                + "code, severity, message) VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Nomination.Check k : checks) {
                Jdbc.bind(ps, id, seq++, truncate(k.subject(), 255), k.code(), k.severity(),
                        truncate(k.message(), 4000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * Moves a nomination to {@code to}, in one transaction with its row locked, recording who and why.
     *
     * @throws IllegalStateException when the move is not allowed from the nomination's state, with a message that
     *                               says why
     */
    public NominationState transition(long id, NominationState to, String actor, String reason) {
        return db.inTransaction(c -> {
            String current = Jdbc.queryOne(c, "SELECT state FROM nomination WHERE id = ? FOR UPDATE",
                    rs -> rs.getString(1), id);
            if (current == null) {
                throw new IllegalArgumentException("no nomination " + id);
            }
            NominationState from = NominationState.valueOf(current);
            if (!from.next().contains(to)) {
                throw new IllegalStateException("nomination " + id + " is " + from + ": it cannot become " + to
                        + (from.isFinal() ? " (a decision is final; nominate again for a new review)" : ""));
            }
            boolean decision = to == NominationState.APPROVED || to == NominationState.REJECTED;
            Jdbc.update(c, "UPDATE nomination SET state = ?, decided_at = ?, decided_by = ?, decision_reason = ? "
                    + "WHERE id = ?", to.name(), decision ? now() : null, decision ? actor : null,
                    decision ? reason : null, id);
            event(c, id, actor, from, to, reason);
            return from;
        });
    }

    private static void event(Connection c, long id, String actor, NominationState from, NominationState to,
            String reason) throws SQLException {
        int seq = (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM nomination_event WHERE nomination_id = ?", id);
        Jdbc.update(c, "INSERT INTO nomination_event (nomination_id, seq, at, actor, from_state, to_state, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, seq, now(), actor, from == null ? null : from.name(), to.name(),
                reason);
    }

    /** A nomination with its entries, checks and history. */
    public Nomination get(long id) {
        return db.withConnection(c -> get(c, id));
    }

    /** As {@link #get(long)}, on the caller's connection (which sees its own uncommitted work). */
    public static Nomination get(Connection c, long id) throws SQLException {
        {
            Nomination head = Jdbc.queryOne(c, "SELECT id, state, contact_email, contact_first_name, contact_last_name, "
                    + "import_id, created_at FROM nomination WHERE id = ?", rs -> new Nomination(rs.getLong(1),
                            NominationState.valueOf(rs.getString(2)), new Nomination.Contact(rs.getString(3),
                                    rs.getString(4), rs.getString(5)), List.of(), List.of(), rs.getLong(6),
                            rs.getObject(7, OffsetDateTime.class), List.of(), List.of()), id);
            if (head == null) {
                throw new StorageException("no nomination " + id);
            }
            List<Nomination.Mta> mtas = Jdbc.query(c, "SELECT family, addr_high, addr_low, fqdn, email_domain, "
                    + "company_name, country, company_type, line_no FROM nomination_mta WHERE nomination_id = ? "
                    + "ORDER BY seq", rs -> new Nomination.Mta(host(rs.getShort(1), rs.getLong(2), rs.getLong(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            CompanyType.parse(rs.getString(8)), rs.getInt(9)), id);
            List<Nomination.Helo> helos = Jdbc.query(c, "SELECT helo, line_no FROM nomination_helo WHERE "
                    + "nomination_id = ? ORDER BY seq", rs -> new Nomination.Helo(rs.getString(1), rs.getInt(2)), id);
            List<Nomination.Check> checks = Jdbc.query(c, "SELECT subject, code, severity, message FROM "
                    + "nomination_check WHERE nomination_id = ? ORDER BY seq", rs -> new Nomination.Check(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
            List<Nomination.Event> events = Jdbc.query(c, "SELECT at, actor, from_state, to_state, reason FROM "
                    + "nomination_event WHERE nomination_id = ? ORDER BY seq", rs -> new Nomination.Event(
                            rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3) == null ? null
                                    : NominationState.valueOf(rs.getString(3)),
                            NominationState.valueOf(rs.getString(4)), rs.getString(5)), id);
            return new Nomination(head.id(), head.state(), head.contact(), mtas, helos, head.importId(),
                    head.createdAt(), checks, events);
        }
    }

    /** Nomination ids, newest first, optionally in one state. */
    public List<Long> ids(NominationState state) {
        return db.withConnection(c -> state == null
                ? Jdbc.query(c, "SELECT id FROM nomination ORDER BY id DESC", rs -> rs.getLong(1))
                : Jdbc.query(c, "SELECT id FROM nomination WHERE state = ? ORDER BY id DESC", rs -> rs.getLong(1),
                        state.name()));
    }

    /** An approved MTA address, for the snapshot: the nomination it belongs to and where it was written. */
    public record ApprovedAddress(long nominationId, IpPrefix ip, int line) {
    }

    /** Every MTA address of every approved nomination. */
    public List<ApprovedAddress> approvedAddresses() {
        return db.withConnection(c -> Jdbc.query(c, "SELECT n.id, m.family, m.addr_high, m.addr_low, m.line_no FROM "
                + "nomination n JOIN nomination_mta m ON m.nomination_id = n.id WHERE n.state = 'APPROVED' "
                + "ORDER BY n.id, m.seq", rs -> new ApprovedAddress(rs.getLong(1), host(rs.getShort(2),
                        rs.getLong(3), rs.getLong(4)), rs.getInt(5))));
    }

    /** An approved HELO/EHLO string, for the snapshot, with its nomination's MTA addresses. */
    public record ApprovedHelo(long nominationId, String helo, List<IpPrefix> addresses) {
    }

    /** Every HELO/EHLO string of every approved nomination, with that nomination's addresses. */
    public List<ApprovedHelo> approvedHelos() {
        java.util.Map<Long, List<IpPrefix>> addresses = new java.util.HashMap<>();
        for (ApprovedAddress a : approvedAddresses()) {
            addresses.computeIfAbsent(a.nominationId(), k -> new java.util.ArrayList<>()).add(a.ip());
        }
        return db.withConnection(c -> Jdbc.query(c, "SELECT n.id, h.helo FROM nomination n JOIN nomination_helo h "
                + "ON h.nomination_id = n.id WHERE n.state = 'APPROVED' ORDER BY n.id, h.seq",
                rs -> new ApprovedHelo(rs.getLong(1), rs.getString(2), addresses.getOrDefault(rs.getLong(1),
                        List.of()))));
    }

    private static IpPrefix host(int family, long high, long low) {
        return family == 4 ? new IpPrefix(4, 0, low, 32) : new IpPrefix(6, high, low, 128);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
