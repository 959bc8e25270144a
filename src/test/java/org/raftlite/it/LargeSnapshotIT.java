package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * A database bigger than the node's heap (200 MiB under {@code -Xmx256m}): it snapshots, streams to a node that
 * joins after the log was truncated, survives {@code kill -9} in the middle of a snapshot, and restarts about as
 * fast as an empty node (both times are printed, not asserted: speed belongs to the benchmark).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeSnapshotIT {

    private static final String SMALL_HEAP = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m";
    private static final int MIB_ROWS = 200;
    /** 200 rows of 1 MiB made by SQLite itself, so that the log entry stays small and only the file is large. */
    private static final String FILL = "INSERT INTO big(n, b) SELECT x, zeroblob(1048576) FROM (WITH RECURSIVE c(x) AS"
            + " (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + MIB_ROWS + ") SELECT x FROM c)";
    private static final String CHECK = "SELECT count(*), sum(length(b)), sum(n) FROM big";
    private static final String EXPECTED = "[[" + MIB_ROWS + "," + MIB_ROWS * 1048576L + "," + MIB_ROWS * (MIB_ROWS + 1)
            / 2 + "]]";

    private static Path root;
    private static NodeProcess first;

    @BeforeAll
    static void fillOneNode() throws Exception {
        root = Files.createTempDirectory("raftlite-large");
        first = new NodeProcess("1", root.resolve("node1"), "-raft-snap-int", "1s")
                .withEnv("RAFTLITE_JAVA_OPTS", SMALL_HEAP).start().awaitReady();
        first.execute("[\"CREATE TABLE big (n INTEGER, b BLOB)\", \"CREATE TABLE acked (id INTEGER PRIMARY KEY)\"]");
        first.execute("[\"" + FILL + "\"]");
        assertEquals(200, first.post("/snapshot", "").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.close();
        }
        Dirs.deleteQuietly(root);
    }

    /** Second: the joined node is stopped at the end, which leaves node 1 without a quorum. */
    @Test
    @Order(2)
    void aNodeJoiningAfterTheLogWasTruncatedStreamsTheFileAndRestartsFast() throws Exception {
        try (NodeProcess second = new NodeProcess("2", root.resolve("node2"), "-join", first.raftAddress(),
                "-join-interval", "1s", "-join-attempts", "60").withEnv("RAFTLITE_JAVA_OPTS", SMALL_HEAP)) {
            second.start().awaitReady();
            Cluster.await(Duration.ofSeconds(120), "the 200 MiB table on the new node",
                    () -> values(second, CHECK).equals(EXPECTED));
            assertTrue(second.logText().contains("fetched from node 1"), second.logText());
            assertTrue(first.isAlive() && second.isAlive(), "both nodes alive with a 256 MiB heap");

            second.stop();
            long restart = timeToReady(second);
            assertEquals(EXPECTED, values(second, CHECK));
            long empty;
            try (NodeProcess fresh = new NodeProcess("fresh", root.resolve("fresh"))
                    .withEnv("RAFTLITE_JAVA_OPTS", SMALL_HEAP)) {
                empty = timeToReady(fresh);
            }
            System.out.printf("restart with a %d MiB database: %d ms; start of an empty node: %d ms%n", MIB_ROWS,
                    restart, empty);
        }
    }

    @Test
    @Order(1)
    void killMinus9DuringASnapshotLosesNothingAcknowledged() throws Exception {
        Path snapshots = root.resolve("node1").resolve("snapshots");
        int acked = 0;
        boolean killedMidway = false;
        for (int attempt = 0; attempt < 5 && !killedMidway; attempt++) {
            for (int i = 0; i < 20; i++) {
                first.execute("[\"INSERT INTO acked DEFAULT VALUES\"]");
                acked++;
            }
            CompletableFuture<Integer> snapshot = CompletableFuture.supplyAsync(() -> {
                try {
                    return first.post("/snapshot", "").statusCode();
                } catch (Exception e) {
                    return -1;
                }
            });
            killedMidway = killWhenCopying(snapshots, snapshot);
            if (!killedMidway) {
                assertEquals(200, snapshot.join());
            }
        }
        assertTrue(killedMidway, "the node was killed while it copied its file into a snapshot");
        first.startWithoutJoin().awaitReady();
        assertEquals(EXPECTED, values(first, CHECK));
        assertEquals("[[" + acked + "]]", values(first, "SELECT count(*) FROM acked"));
        first.execute("[\"INSERT INTO acked DEFAULT VALUES\"]");
    }

    /** Watches the snapshot store for the copy being written and kills the node then; false if it was done first. */
    private static boolean killWhenCopying(Path snapshots, CompletableFuture<Integer> snapshot) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!snapshot.isDone() && System.nanoTime() < end) {
            try (Stream<Path> files = Files.list(snapshots)) {
                if (files.anyMatch(p -> p.toString().endsWith(".tmp"))) {
                    first.kill();
                    return true;
                }
            }
            // a copy of 200 MiB takes far longer than this; a spinning watch would only slow the node it watches
            Thread.sleep(2);
        }
        return false;
    }

    private static long timeToReady(NodeProcess node) throws Exception {
        long start = System.nanoTime();
        node.startWithoutJoin().awaitReady();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The {@code values} of a local read, {@code ""} when the node does not answer yet. */
    private static String values(NodeProcess node, String sql) {
        try {
            String body = node.query(sql);
            int at = body.indexOf("\"values\":");
            return at < 0 ? body : body.substring(at + 9, body.lastIndexOf("}]"));
        } catch (Exception | AssertionError e) {
            return "";
        }
    }
}
