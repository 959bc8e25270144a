package org.raftlite.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells reads from writes without {@code sqlite3_stmt_readonly} (sqlite-jdbc does not expose it): a statement writes
 * if its {@code EXPLAIN} program opens a write transaction or touches the schema or the b-trees for writing.
 */
final class ReadOnlyClassifier {

    private static final Set<String> WRITE_OPCODES = Set.of("OpenWrite", "CreateBtree", "Destroy", "Clear",
            "ParseSchema", "SetCookie", "VUpdate", "Vacuum", "IncrVacuum", "DropTable", "DropIndex", "DropTrigger");

    private ReadOnlyClassifier() {
    }

    /** Whether {@code sql} only reads. Throws the SQLite error when the statement does not compile. */
    static boolean isReadOnly(Connection conn, String sql) throws SQLException {
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
