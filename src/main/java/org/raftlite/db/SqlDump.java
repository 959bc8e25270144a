package org.raftlite.db;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * rqlited's SQL text dump ({@code GET /db/backup?fmt=sql}): each table's CREATE statement and its rows as INSERTs,
 * values written by SQLite's own {@code quote()}, then indexes, triggers and views, all in one transaction that
 * a shell or {@code /db/load} can replay.
 */
final class SqlDump {

    private SqlDump() {
    }

    /** @param tables the tables to dump, or all of them when empty */
    static void write(Connection conn, Writer out, Set<String> tables) throws SQLException, IOException {
        out.write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
        try (Statement st = conn.createStatement()) {
            for (String[] table : rows(st, "SELECT name, sql FROM sqlite_master WHERE sql NOT NULL AND type == 'table'"
                    + " ORDER BY name")) {
                if (tables.isEmpty() || tables.contains(table[0])) {
                    writeTable(st, out, table[0], table[1]);
                }
            }
            for (String[] other : rows(st, "SELECT tbl_name, sql FROM sqlite_master WHERE sql NOT NULL"
                    + " AND type IN ('index', 'trigger', 'view')")) {
                if (tables.isEmpty() || tables.contains(other[0])) {
                    out.write(other[1] + ";\n");
                }
            }
        }
        out.write("COMMIT;\n");
    }

    private static void writeTable(Statement st, Writer out, String name, String createSql)
            throws SQLException, IOException {
        if (name.equals("sqlite_sequence")) {
            out.write("DELETE FROM \"sqlite_sequence\";\n");
        } else if (name.equals("sqlite_stat1")) {
            out.write("ANALYZE \"sqlite_master\";\n");
        } else if (name.startsWith("sqlite_")) {
            return;
        } else {
            out.write(createSql + ";\n");
        }
        String quoted = name.replace("\"", "\"\"");
        List<String> values = new ArrayList<>();
        for (String[] column : rows(st, "PRAGMA table_info(\"" + quoted + "\")")) {
            values.add("'||quote(\"" + column[1].replace("\"", "\"\"") + "\")||'");
        }
        try (ResultSet rs = st.executeQuery("SELECT 'INSERT INTO \"" + quoted.replace("'", "''") + "\" VALUES("
                + String.join(",", values) + ")' FROM \"" + quoted + "\"")) {
            while (rs.next()) {
                out.write(rs.getString(1) + ";\n");
            }
        }
    }

    /** The first two columns of every row, as text. */
    private static List<String[]> rows(Statement st, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return rows;
    }
}
