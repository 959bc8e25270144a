package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftlite.command.Command;
import org.raftlite.command.Statement;
import org.raftlite.testing.Dirs;

/** Reads and writes told apart by EXPLAIN, on a real SQLite file (DESIGN.md decision 11). */
class ReadOnlyClassifierTest {

    private static Path dir;
    private static Database db;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("classifier");
        db = Database.open(dir, false, StatementObserver.NONE);
        db.apply(new Command(Command.Kind.EXECUTE, List.of(Statement.of("CREATE TABLE t (id INTEGER PRIMARY KEY, v)"),
                Statement.of("CREATE VIEW vt AS SELECT * FROM t")), false, false, 0));
    }

    @AfterAll
    static void close() {
        db.close();
        Dirs.deleteQuietly(dir);
    }

    @ParameterizedTest(name = "{0} -> read-only {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM t | true",
            "SELECT count(*) FROM vt | true",
            "WITH c(x) AS (SELECT 1) SELECT x FROM c | true",
            "EXPLAIN INSERT INTO t VALUES(1, 2) | true",
            "PRAGMA table_info(t) | true",
            "PRAGMA journal_mode | true",
            "INSERT INTO t(v) VALUES(1) | false",
            "UPDATE t SET v = 2 | false",
            "DELETE FROM t | false",
            "REPLACE INTO t VALUES(1, 1) | false",
            "CREATE TABLE u (x) | false",
            "CREATE INDEX iv ON t(v) | false",
            "DROP TABLE t | false",
            "ALTER TABLE t ADD COLUMN w | false",
            "PRAGMA user_version = 3 | false",
            "VACUUM | false",
            "INSERT INTO t(v) VALUES(1) RETURNING id | false",
            "SELECT * FROM missing | false",
            "nonsense | false"})
    void classifiesStatements(String sql, boolean readOnly) {
        assertEquals(readOnly, db.isReadOnly(sql));
    }
}
