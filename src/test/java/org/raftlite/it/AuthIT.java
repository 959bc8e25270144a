package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/** {@code -auth} on a three-node cluster: each endpoint asks for its permission, on the node asked and the leader. */
class AuthIT {

    private static final String USERS = """
            [{"username": "bob", "password": "secret1", "perms": ["all"]},
             {"username": "mary", "password": "secret2", "perms": ["query"]},
             {"username": "node", "password": "n0de", "perms": ["join"]},
             {"username": "*", "perms": ["status", "ready"]}]""";

    @Test
    void callersGetWhatTheirPermissionsAllowAndAFollowerCatchesUpAsItsJoinAsUser() throws Exception {
        Path dir = Files.createTempDirectory("raftlite-auth");
        Path file = Files.writeString(dir.resolve("auth.json"), USERS);
        try (Cluster cluster = Cluster.start(3, "-auth", file.toString(), "-join-as", "node",
                "-raft-snap", "50", "-raft-snap-int", "1s")) {
            NodeProcess leader = cluster.leader();
            NodeProcess follower = cluster.followers().get(0);
            HttpResponse<String> anonymous = leader.post("/db/execute", "[\"CREATE TABLE a (v TEXT)\"]");
            assertEquals(401, anonymous.statusCode());
            assertEquals("", anonymous.body());
            assertEquals("Basic realm=\"rqlite\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("Content-Type, Authorization",
                    anonymous.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
            assertEquals("true", anonymous.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
            assertEquals(401, leader.postAs("bob", "wrong", "/db/execute", "[\"CREATE TABLE a (v TEXT)\"]")
                    .statusCode());
            assertEquals(200, leader.postAs("bob", "secret1", "/db/execute",
                    "[\"CREATE TABLE a (v TEXT)\", \"INSERT INTO a VALUES('leader')\"]").statusCode());

            assertEquals(401, follower.postAs("mary", "secret2", "/db/execute", "[\"INSERT INTO a VALUES('m')\"]")
                    .statusCode());
            HttpResponse<String> forwarded = follower.postAs("bob", "secret1", "/db/execute",
                    "[\"INSERT INTO a VALUES('follower')\"]");
            assertEquals("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}", forwarded.body());
            assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"follower\"],"
                    + "[\"leader\"]]}]}", follower.postAs("mary", "secret2", "/db/query?level=strong",
                    "[\"SELECT v FROM a ORDER BY v\"]").body());
            assertEquals(401, follower.postAs("mary", "secret2", "/db/request", "[\"SELECT 1\"]").statusCode(),
                    "/db/request needs query and execute");
            // a follower hands its queued batch to the leader as rqlited's queue does, with no credentials: the
            // leader takes it only if anyone ('*') may execute, and here refuses it, so the follower keeps retrying
            HttpResponse<String> queued = follower.postAs("bob", "secret1", "/db/execute?queue",
                    "[\"INSERT INTO a VALUES('queued')\"]");
            assertTrue(queued.body().contains("\"sequence_number\""), queued.body());
            Cluster.await(Duration.ofSeconds(30), "the leader to refuse the anonymous batch",
                    () -> follower.logText().contains("failed (unauthorized); retrying"));
            assertEquals(401, leader.get("/db/backup").statusCode());
            assertEquals(401, leader.get("/raftlite/snapshot").statusCode(), "the database file is not for anyone");
            assertTrue(leader.get("/status").body().contains("\"auth\":\"enabled\""));

            follower.stop();
            for (int i = 0; i < 200; i++) {
                assertEquals(200, leader.postAs("bob", "secret1", "/db/execute", "[\"INSERT INTO a VALUES('x')\"]")
                        .statusCode());
            }
            follower.startWithoutJoin().awaitReady();
            Cluster.await(Duration.ofSeconds(60), "the follower to catch up through a snapshot it fetched as node",
                    () -> count(follower) == 202);
            assertTrue(follower.logText().contains("replaced by a snapshot"), "caught up through a snapshot");
        } finally {
            Dirs.deleteQuietly(dir);
        }
    }

    private static int count(NodeProcess node) {
        try {
            String body = node.postAs("mary", "secret2", "/db/query?level=none", "[\"SELECT count(*) FROM a\"]")
                    .body();
            String n = body.replaceAll(".*\"values\":\\[\\[(\\d+)]].*", "$1");
            return n.matches("\\d+") ? Integer.parseInt(n) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
