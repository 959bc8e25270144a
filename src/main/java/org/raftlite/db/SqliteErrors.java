package org.raftlite.db;

import java.sql.SQLException;

/** SQLite's own error text, as rqlite reports it, out of sqlite-jdbc's decorated exception messages. */
final class SqliteErrors {

    private SqliteErrors() {
    }

    /** {@code "[SQLITE_ERROR] SQL error or missing database (no such table: t)"} becomes {@code "no such table: t"}. */
    static String message(SQLException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (m.startsWith("[")) {
            int close = m.indexOf("] ");
            int open = close < 0 ? -1 : m.indexOf(" (", close);
            if (open > 0 && m.endsWith(")")) {
                return m.substring(open + 2, m.length() - 1);
            }
            if (close > 0) {
                return m.substring(close + 2);
            }
        }
        return m;
    }

    /** SQLite's result code name ({@code SQLITE_CONSTRAINT_UNIQUE}), a low-cardinality error class for telemetry. */
    static String type(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException sqlite && sqlite.getResultCode() != null) {
            return sqlite.getResultCode().name();
        }
        return e.getClass().getSimpleName();
    }
}
