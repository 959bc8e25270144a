package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The connections Database opens: what sqlite-jdbc does besides running the statements it is given. */
class DatabaseConfigTest {

    /**
     * An INSERT is applied on every node, as often as clients write: sqlite-jdbc must not prepare and run a
     * {@code SELECT last_insert_rowid()} after each one for JDBC's generated keys (it did, which was a third of a
     * follower's CPU under queued writes, though a pragma said not to).
     */
    @Test
    void anInsertIsNotFollowedByAHiddenQueryForGeneratedKeys(@TempDir Path dir) throws Exception {
        for (boolean readOnly : new boolean[] {false, true}) {
            try (Connection conn = Database.config(false, readOnly)
                    .createConnection("jdbc:sqlite:" + dir.resolve("db.sqlite").toUri())) {
                assertFalse(((SQLiteConnection) conn).getConnectionConfig().isGetGeneratedKeys());
                if (readOnly) {
                    continue;
                }
                try (var st = conn.createStatement()) {
                    st.execute("CREATE TABLE t (x)");
                }
                try (var ps = conn.prepareStatement("INSERT INTO t VALUES (1)")) {
                    ps.execute();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertFalse(keys.next(), "generated keys were read after the INSERT");
                    }
                }
            }
        }
    }
}
