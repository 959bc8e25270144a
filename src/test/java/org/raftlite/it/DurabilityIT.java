package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * Every acknowledged write survives SIGTERM and kill -9 of a real node process, with more than 1 MB of Raft log
 * behind it and with a 100 MB database, and is there the moment /readyz first answers 200. The running node keeps
 * its SQLite file to itself; stopped, it leaves a file any SQLite opens.
 */
class DurabilityIT {

    private Path root;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createTempDirectory("raftlite-durability");
    }

    @AfterEach
    void clean() {
        Dirs.deleteQuietly(root);
    }

    @Test
    void acknowledgedWritesSurviveSigtermAndKill9AfterAMegabyteOfLog() throws Exception {
        Path data = root.resolve("data");
        try (NodeProcess node = new NodeProcess("1", data).start().awaitReady()) {
            node.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)\"]");
            String payload = "p".repeat(2000);
            int rows = 0;
            for (int request = 0; request < 60; request++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",").append("[\"INSERT INTO t(payload) VALUES(?)\", \"")
                            .append(payload).append("\"]");
                    rows++;
                }
                node.execute(body.append(']').toString());
            }
            assertTrue(sizeOf(data.resolve("raft")) > 1_000_000, "the Raft log passed 1 MB");
            String expected = countAndSize("payload", rows, (long) rows * payload.length());

            node.stop();
            node.start().awaitReady();
            assertEquals(expected, node.query("SELECT count(*), sum(length(payload)) FROM t"),
                    "after SIGTERM, at the first ready");

            node.execute("[[\"INSERT INTO t(payload) VALUES(?)\", \"last\"]]");
            node.kill();
            node.start().awaitReady();
            assertEquals(countAndSize("payload", rows + 1, (long) rows * payload.length() + 4),
                    node.query("SELECT count(*), sum(length(payload)) FROM t"), "after kill -9, at the first ready");

            node.execute("[[\"INSERT INTO t(payload) VALUES(?)\", \"again\"]]");
            assertEquals(countAndSize("payload", rows + 2, (long) rows * payload.length() + 9),
                    node.query("SELECT count(*), sum(length(payload)) FROM t"), "the node keeps taking writes");
        }
    }

    @Test
    void aHundredMegabyteDatabaseIsThereTheMomentReadyzAnswers() throws Exception {
        Path data = root.resolve("data");
        try (NodeProcess node = new NodeProcess("1", data).start().awaitReady()) {
            node.execute("[\"CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)\", \"WITH RECURSIVE c(x) AS "
                    + "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) INSERT INTO big(b) "
                    + "SELECT zeroblob(1048576) FROM c\"]");
            String expected = countAndSize("b", 100, 100L * 1048576);
            assertEquals(expected, node.query("SELECT count(*), sum(length(b)) FROM big"));
            assertTrue(Files.size(data.resolve("db.sqlite")) + Files.size(data.resolve("db.sqlite-wal"))
                    > 100_000_000L);

            node.kill();
            node.start().awaitReady();
            assertEquals(expected, node.query("SELECT count(*), sum(length(b)) FROM big"), "after kill -9");

            node.stop();
            node.start().awaitReady();
            assertEquals(expected, node.query("SELECT count(*), sum(length(b)) FROM big"), "after SIGTERM");
            assertTrue(node.logText().contains("is current up to Raft index"),
                    "a clean restart reuses the checkpointed file instead of replaying the log");
        }
    }

    @Test
    void theLiveFileIsTheNodesAloneAndOpensOnceItHasStopped() throws Exception {
        Path data = root.resolve("data");
        Path file = data.resolve("db.sqlite");
        try (NodeProcess node = new NodeProcess("1", data).start().awaitReady()) {
            node.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\", \"INSERT INTO t(v) VALUES('kept')\"]");
            assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"kept\"]]}]}",
                    node.query("SELECT v FROM t"));
            SQLException refused = assertThrows(SQLException.class, () -> count(file),
                    "another process cannot read the file under the running node");
            assertTrue(refused.getMessage().contains("database is locked"), refused.getMessage());
            assertFalse(Files.exists(data.resolve("db.sqlite-shm")), "the WAL index is kept in the node's memory");

            node.stop();
            assertEquals(1, count(file), "once the node has stopped, its file opens and holds the row");
            node.start().awaitReady();
            assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"kept\"]]}]}",
                    node.query("SELECT v FROM t"), "and the node opens it again after that reader");
        }
    }

    private static int count(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String countAndSize(String column, long count, long size) {
        return "{\"results\":[{\"columns\":[\"count(*)\",\"sum(length(" + column + "))\"],\"types\":[\"integer\","
                + "\"integer\"],\"values\":[[" + count + "," + size + "]]}]}";
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
