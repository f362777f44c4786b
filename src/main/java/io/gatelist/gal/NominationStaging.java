package io.gatelist.gal;

import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The accepted rows of a nomination import, staged per record like policy entries, so that a restarted job can
 * delete what it wrote past its checkpoint and write it again (see {@code V10__nomination_rows.sql}).
 */
public final class NominationStaging {

    private NominationStaging() {
    }

    /** Deletes the staged rows of an import past {@code recordNo}. */
    public static void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        Jdbc.update(c, "DELETE FROM nomination_row WHERE import_id = ? AND record_no > ?", importId, recordNo);
    }

    /**
     * Writes the accepted rows of a chunk spanning records {@code first..last}, replacing whatever was staged for
     * that range (a chunk written again after a restart).
     */
    public static void write(Connection c, long importId, int first, int last, List<NominationRow> rows)
            throws SQLException {
        Jdbc.update(c, "DELETE FROM nomination_row WHERE import_id = ? AND record_no BETWEEN ? AND ?", importId,
                first, last);
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nomination_row (import_id, record_no, line_no, "
                + "family, addr_high, addr_low, fqdn, email_domain, company_name, country, company_type, helo, "
                + "contact_email, contact_first_name, contact_last_name) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NominationRow r : rows) {
                ps.setLong(1, importId);
                ps.setInt(2, r.recordNo());
                ps.setInt(3, r.line());
                Nomination.Mta m = r.mta();
                if (m != null) {
                    ps.setShort(4, (short) m.ip().family());
                    ps.setLong(5, m.ip().high());
                    ps.setLong(6, m.ip().low());
                    ps.setString(7, m.fqdn());
                    ps.setString(8, m.emailDomain());
                    ps.setString(9, m.companyName());
                    ps.setString(10, m.country());
                    ps.setString(11, m.companyType().id());
                } else {
                    ps.setNull(4, Types.SMALLINT);
                    ps.setNull(5, Types.BIGINT);
                    ps.setNull(6, Types.BIGINT);
                    for (int i = 7; i <= 11; i++) {
                        ps.setNull(i, Types.VARCHAR);
                    }
                }
                ps.setString(12, r.helo());
                ps.setString(13, r.contact().email());
                ps.setString(14, r.contact().firstName());
                ps.setString(15, r.contact().lastName());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every staged row of an import, in file order. */
    public static List<NominationRow> read(Connection c, long importId) throws SQLException {
        return Jdbc.query(c, "SELECT record_no, line_no, family, addr_high, addr_low, fqdn, email_domain, "
                + "company_name, country, company_type, helo, contact_email, contact_first_name, contact_last_name "
                + "FROM nomination_row WHERE import_id = ? ORDER BY record_no", rs -> {
                    int line = rs.getInt(2);
                    short family = rs.getShort(3);
                    Nomination.Mta mta = rs.wasNull() ? null : new Nomination.Mta(family == 4
                            ? new IpPrefix(4, 0, rs.getLong(5), 32) : new IpPrefix(6, rs.getLong(4), rs.getLong(5), 128),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            CompanyType.parse(rs.getString(10)), line);
                    return new NominationRow(rs.getInt(1), line, mta, rs.getString(11), new Nomination.Contact(
                            rs.getString(12), rs.getString(13), rs.getString(14)));
                }, importId);
    }
}
