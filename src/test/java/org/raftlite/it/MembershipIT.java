package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;
import org.raftlite.testing.ThreeNodeClusterTest;

/** Read replicas, removal, and a node that already has a cluster of its own, on one three-node cluster. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipIT extends ThreeNodeClusterTest {

    @Test
    @Order(1)
    void aReadReplicaReceivesDataButDoesNotVote() throws Exception {
        NodeProcess replica = cluster.join("4", "-raft-non-voter").awaitReady();
        cluster.leader().execute("[\"CREATE TABLE rr (x)\", \"INSERT INTO rr VALUES('replicated')\"]");
        String expected = "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"replicated\"]]}]}";
        Cluster.await(Duration.ofSeconds(30), "the replica to receive the row",
                () -> ClusterIT.query(replica, "SELECT x FROM rr").equals(expected));
        assertTrue(replica.status().contains("\"voter\":false"), replica.status());

        String voters = cluster.leader().get("/nodes").body();
        assertFalse(voters.contains("\"4\""), voters);
        Cluster.await(Duration.ofSeconds(30), "the replica listed with nonvoters", () -> cluster.leader()
                .nodesJson().contains("\"4\":{\"id\":\"4\",\"api_addr\":\"http://" + replica.httpAddress()
                        + "\",\"addr\":\"" + replica.raftAddress() + "\",\"version\":\"v10.2.7\",\"voter\":false"));

        assertEquals("{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"replicated\"]]}]}",
                replica.post("/db/query", "[\"SELECT x FROM rr\"]").body(), "a weak read is forwarded");

        NodeProcess leader = cluster.leader();
        replica.kill();
        long asked = System.nanoTime();
        String nodes = leader.get("/nodes?nonvoters&timeout=5s").body();
        assertTrue(System.nanoTime() - asked < java.util.concurrent.TimeUnit.SECONDS.toNanos(6), "within the timeout");
        assertTrue(nodes.contains("\"4\":{\"id\":\"4\",\"addr\":\"" + replica.raftAddress()
                + "\",\"version\":\"\",\"voter\":false,\"reachable\":false,\"leader\":false,\"time\":"), nodes);
        assertTrue(nodes.contains("\"error\":\"dial tcp " + replica.httpAddress() + ": connect: connection refused\"}"),
                "a killed node is unreachable at once, not when the group view has caught up: " + nodes);
        leader.execute("[\"INSERT INTO rr VALUES('after the replica died')\"]");
        assertEquals(leader, cluster.leader());
    }

    @Test
    @Order(2)
    void removedNodesStopCountingTowardTheMajority() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess[] followers = cluster.followers().stream().filter(n -> !n.nodeId().equals("4"))
                .toArray(NodeProcess[]::new);
        assertEquals(2, followers.length);

        var removed = followers[0].delete("/remove", "{\"id\":\"" + followers[1].nodeId() + "\"}");
        assertEquals(200, removed.statusCode(), removed.body());
        followers[1].kill();
        removed = leader.delete("/remove", "{\"id\":\"" + followers[0].nodeId() + "\"}");
        assertEquals(200, removed.statusCode(), removed.body());
        followers[0].kill();

        String nodes = leader.get("/nodes").body();
        assertEquals(1, ClusterIT.count(nodes, "\"voter\":true"), nodes);
        assertEquals("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1}]}",
                leader.execute("[\"INSERT INTO rr VALUES('one voter left')\"]"),
                "the last voter alone is a majority");
        assertEquals(400, leader.delete("/remove", "{\"node\":\"x\"}").statusCode());
        assertEquals(200, leader.delete("/remove", "{\"id\":\"no-such-node\"}").statusCode(), "as rqlited");
    }

    @Test
    @Order(3)
    void aNodeWithAClusterOfItsOwnRefusesToJoinAnother() throws Exception {
        Path dir = Files.createTempDirectory("raftlite-loner");
        try (NodeProcess loner = new NodeProcess("loner", dir.resolve("data")).start().awaitReady()) {
            loner.stop();
            NodeProcess again = new NodeProcess("loner", dir.resolve("data"), "-join", cluster.joinAddress());
            try (again) {
                assertNotEquals(0, again.start().awaitExit());
                assertTrue(again.logText().contains("already the only member of its own cluster"),
                        again.logText());
            }
        } finally {
            Dirs.deleteQuietly(dir);
        }
    }
}
