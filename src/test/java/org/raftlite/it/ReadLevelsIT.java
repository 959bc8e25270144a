package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;
import org.raftlite.testing.ThreeNodeClusterTest;

/** Read consistency levels and queued writes on a three-node cluster, and what happens without a quorum. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadLevelsIT extends ThreeNodeClusterTest {

    private static final String ROW = "{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"x\"]]}]}";

    @Test
    @Order(1)
    void everyLevelReadsTheCommittedRowFromAnyNode() throws Exception {
        NodeProcess leader = cluster.leader();
        leader.execute("[\"CREATE TABLE lv (v TEXT)\", \"INSERT INTO lv VALUES('x')\"]");
        for (NodeProcess node : cluster.nodes()) {
            Cluster.await(Duration.ofSeconds(30), "level none on node " + node.nodeId(),
                    () -> ClusterIT.query(node, "SELECT v FROM lv").equals(ROW));
            for (String level : new String[] {"weak", "linearizable", "strong", "auto", "bogus"}) {
                HttpResponse<String> r = node.post("/db/query?level=" + level, "[\"SELECT v FROM lv\"]");
                assertEquals(ROW, r.body(), level + " on node " + node.nodeId());
                assertEquals(node == leader ? leader.httpAddress() : leader.raftAddress(),
                        r.headers().firstValue("X-RQLITE-SERVED-BY").orElse(""), level + " served by the leader");
            }
            assertEquals(ROW, node.post("/db/query?level=none&freshness=5s", "[\"SELECT v FROM lv\"]").body());
            assertEquals(ROW, node.post("/db/request?level=linearizable", "[\"SELECT v FROM lv\"]").body());
        }
    }

    @Test
    @Order(2)
    void queuedWritesAnswerAtOnceAndWaitHoldsUntilApplied() throws Exception {
        NodeProcess follower = cluster.followers().get(0);
        follower.execute("[\"CREATE TABLE q (v INTEGER)\"]");
        HttpResponse<String> first = follower.post("/db/execute?queue", "[\"INSERT INTO q VALUES(1)\"]");
        HttpResponse<String> second = follower.post("/db/execute?queue", "[\"INSERT INTO q VALUES(2)\"]");
        assertTrue(first.body().matches("\\{\"results\":\\[],\"sequence_number\":\\d+}"), first.body());
        long a = Long.parseLong(first.body().replaceAll("\\D", ""));
        long b = Long.parseLong(second.body().replaceAll("\\D", ""));
        assertEquals(a + 1, b);
        HttpResponse<String> waited = follower.post("/db/execute?queue&wait", "[\"INSERT INTO q VALUES(3)\"]");
        assertEquals(200, waited.statusCode(), waited.body());
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[3]]}]}",
                ClusterIT.query(follower, "SELECT count(*) FROM q"), "wait returns once this node applied the batch");
        long flushed = Long.parseLong(follower.get("/status?key=http.queue._default.sequence_number").body().trim());
        assertEquals(b + 1, flushed);
        assertEquals(400, follower.post("/db/execute?queue", "[]").statusCode());
        assertEquals(200, follower.post("/db/execute?queue&wait", "[]").statusCode());
    }

    @Test
    @Order(3)
    void withoutAQuorumReadsFailCleanlyAndFreshnessSaysStale() throws Exception {
        NodeProcess survivor = cluster.followers().get(0);
        for (NodeProcess node : cluster.nodes()) {
            if (node != survivor) {
                node.kill();
            }
        }
        Cluster.await(Duration.ofSeconds(60), "a stale read once the leader is gone for a second", () -> {
            try {
                return survivor.post("/db/query?level=none&freshness=1s", "[\"SELECT v FROM lv\"]").body()
                        .equals("{\"results\":[],\"error\":\"stale read\"}");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(ROW, survivor.post("/db/query?level=none", "[\"SELECT v FROM lv\"]").body());
        for (String level : new String[] {"linearizable&linearizable_timeout=2s", "strong", "weak"}) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = survivor.post("/db/query?level=" + level, "[\"SELECT v FROM lv\"]");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(r.statusCode() == 503 && r.body().equals("leader not found\n")
                    || r.statusCode() == 200 && r.body().startsWith("{\"results\":[],\"error\":"), r.body());
            assertTrue(seconds < 15, level + " took " + seconds + "s");
        }
    }
}
