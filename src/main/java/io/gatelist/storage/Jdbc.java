package io.gatelist.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for parameterised JDBC; every statement binds its values, none concatenates them. */
public final class Jdbc {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Jdbc() {
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, args);
        return ps;
    }

    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rs.next()) {
                result.add(mapper.map(rs));
            }
            return result;
        }
    }

    public static <T> T queryOne(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(c, sql, mapper, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static long queryLong(Connection c, String sql, Object... args) throws SQLException {
        Long value = queryOne(c, sql, rs -> rs.getLong(1), args);
        return value == null ? 0 : value;
    }
}
