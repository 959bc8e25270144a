package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raftlite.command.Command;
import org.raftlite.command.Statement;
import org.raftlite.testing.Dirs;
import org.sqlite.SQLiteConfig;

/** Backup copies are whole databases, and a copy a stopped node left behind is gone when it opens again. */
class BackupCopyTest {

    @Test
    void aCopyHoldsTheRowsAndALeftoverCopyIsRemovedOnOpen() throws Exception {
        Path dir = Files.createTempDirectory("backup-copy");
        try {
            Path leftover = Files.writeString(dir.resolve("backup-123.sqlite"), "half a copy");
            try (Database db = Database.open(dir, false, StatementObserver.NONE)) {
                assertFalse(Files.exists(leftover));
                db.apply(new Command(Command.Kind.EXECUTE, List.of(Statement.of("CREATE TABLE t (v)"),
                        Statement.of("INSERT INTO t VALUES('kept')")), false, false, 0));
                Path copy = db.exports().backup();
                try (Connection conn = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy);
                        ResultSet rs = conn.createStatement().executeQuery("SELECT v FROM t")) {
                    rs.next();
                    assertEquals("kept", rs.getString(1));
                }
                assertEquals(dir, copy.getParent());
            }
        } finally {
            Dirs.deleteQuietly(dir);
        }
    }
}
