package org.raftlite.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells reads from writes without {@code sqlite3_stmt_readonly} (sqlite-jdbc does not expose it): a statement writes
 * if its {@code EXPLAIN} program opens a write transaction or touches the schema or the b-trees for writing.
 * Answers are remembered per SQL text, so a statement sent again is not compiled twice more (the unified endpoint
 * classifies to route, and the runner classifies again to refuse writes on the read path); a statement that does
 * not compile is not remembered, since creating its table may change that.
 */
final class ReadOnlyClassifier {

    private final Remembered<Boolean> remembered = new Remembered<>();

    private static final Set<String> WRITE_OPCODES = Set.of("OpenWrite", "CreateBtree", "Destroy", "Clear",
            "ParseSchema", "SetCookie", "VUpdate", "Vacuum", "IncrVacuum", "DropTable", "DropIndex", "DropTrigger");

    /** Whether {@code sql} only reads. Throws the SQLite error when the statement does not compile. */
    boolean isReadOnly(Connection conn, String sql) throws SQLException {
        Boolean known = remembered.get(sql);
        if (known != null) {
            return known;
        }
        boolean readOnly = explain(conn, sql);
        remembered.put(sql, readOnly);
        return readOnly;
    }

    private static boolean explain(Connection conn, String sql) throws SQLException {
        String trimmed = sql.stripLeading();
        if (trimmed.regionMatches(true, 0, "explain", 0, 7)) {
            return true;
        }
        try (var st = conn.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                String opcode = rs.getString(2);
                if (opcode.equals("Transaction") && rs.getInt(4) != 0) {
                    return false;
                }
                if (WRITE_OPCODES.contains(opcode)) {
                    return false;
                }
            }
            return true;
        }
    }
}
