package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/** The Raft log truncated behind snapshots: nothing lost on restart, and a follower left behind catches up. */
class SnapshotIT {

    @Test
    void aRestartAfterTheLogWasTruncatedKeepsEverything() throws Exception {
        Path root = Files.createTempDirectory("raftlite-snap");
        try (NodeProcess node = new NodeProcess("1", root.resolve("data"), "-raft-snap", "20", "-raft-snap-int", "1s")
                .start().awaitReady()) {
            node.execute("[\"CREATE TABLE s (id INTEGER PRIMARY KEY)\"]");
            for (int i = 0; i < 100; i++) {
                node.execute("[\"INSERT INTO s DEFAULT VALUES\"]");
            }
            Cluster.await(Duration.ofSeconds(30), "a snapshot", () -> !node.status().contains(
                    "\"last_snapshot_index\":0,"));
            node.execute("[\"INSERT INTO s DEFAULT VALUES\"]");
            assertEquals(200, node.post("/snapshot", "").statusCode(), "a user-triggered snapshot");
            assertEquals(204, node.post("/snapshot", "").statusCode(), "nothing new to snapshot");
            node.kill();
            node.start().awaitReady();
            assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[101]]}]}",
                    node.query("SELECT count(*) FROM s"));
            node.execute("[\"INSERT INTO s DEFAULT VALUES\"]");
        } finally {
            Dirs.deleteQuietly(root);
        }
    }

    @Test
    void aMainFileThatFailsItsFingerprintIsRebuiltFromTheSnapshotCopyAndTheLog() throws Exception {
        Path root = Files.createTempDirectory("raftlite-snap-rebuild");
        Path data = root.resolve("data");
        try (NodeProcess node = new NodeProcess("1", data, "-raft-snap", "20", "-raft-snap-int", "1s").start()
                .awaitReady()) {
            node.execute("[\"CREATE TABLE s (id INTEGER PRIMARY KEY)\"]");
            for (int i = 0; i < 30; i++) {
                node.execute("[\"INSERT INTO s DEFAULT VALUES\"]");
            }
            Cluster.await(Duration.ofSeconds(30), "a snapshot", () -> !node.status().contains(
                    "\"last_snapshot_index\":0,"));
            for (int i = 0; i < 5; i++) {
                node.execute("[\"INSERT INTO s DEFAULT VALUES\"]");
            }
            node.stop();
            try (var file = new java.io.RandomAccessFile(data.resolve("db.sqlite").toFile(), "rw")) {
                file.seek(0);
                file.write("not a database any more".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            node.start().awaitReady();
            assertTrue(node.logText().contains("does not match its fingerprint: rebuilding it from the snapshot copy"),
                    node.logText());
            assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[35]]}]}",
                    node.query("SELECT count(*) FROM s"));
        } finally {
            Dirs.deleteQuietly(root);
        }
    }

    @Test
    void aFollowerBehindTheTruncatedLogCatchesUpWhileWritesContinue() throws Exception {
        try (Cluster cluster = Cluster.start(3, "-raft-snap", "50", "-raft-snap-int", "1s")) {
            NodeProcess leader = cluster.leader();
            leader.execute("[\"CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT)\"]");
            NodeProcess behind = cluster.followers().get(0);
            behind.stop();
            for (int i = 0; i < 200; i++) {
                leader.execute("[[\"INSERT INTO c(v) VALUES(?)\", \"row " + i + "\"]]");
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger(200);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    try {
                        leader.execute("[\"INSERT INTO c(v) VALUES('during catch-up')\"]");
                        written.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        return;
                    }
                }
            });
            writer.start();
            try {
                behind.startWithoutJoin().awaitReady();
                Cluster.await(Duration.ofSeconds(60), "the follower to hold the rows written while it was away",
                        () -> count(behind) >= 200);
            } finally {
                writing.set(false);
                writer.join(60_000);
            }
            assertTrue(behind.logText().contains("replaced by a snapshot"), "caught up through a snapshot");
            String reference = ClusterIT.query(leader, "SELECT * FROM c ORDER BY id");
            for (NodeProcess node : cluster.nodes()) {
                Cluster.await(Duration.ofSeconds(60), "node " + node.nodeId() + " identical to the leader",
                        () -> ClusterIT.query(node, "SELECT * FROM c ORDER BY id").equals(reference));
            }
            assertEquals(written.get(), count(leader));
        }
    }

    @Test
    void trailingLogsLetAFollowerThatFewEntriesBehindCatchUpFromTheLog() throws Exception {
        try (Cluster cluster = Cluster.start(3)) {
            NodeProcess leader = cluster.leader();
            leader.execute("[\"CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT)\"]");
            NodeProcess behind = cluster.followers().get(0);
            behind.stop();
            for (int i = 0; i < 10; i++) {
                leader.execute("[\"INSERT INTO c(v) VALUES('while away')\"]");
            }
            assertEquals(200, leader.post("/snapshot?trailing_logs=100", "").statusCode());
            behind.startWithoutJoin().awaitReady();
            Cluster.await(Duration.ofSeconds(60), "the follower to catch up", () -> count(behind) == 10);
            assertTrue(!behind.logText().contains("replaced by a snapshot"), "caught up from the log entries kept");
        }
    }

    private static int count(NodeProcess node) {
        String body = ClusterIT.query(node, "SELECT count(*) FROM c");
        String n = body.replaceAll(".*\"values\":\\[\\[(\\d+)]].*", "$1");
        return n.matches("\\d+") ? Integer.parseInt(n) : -1;
    }
}
