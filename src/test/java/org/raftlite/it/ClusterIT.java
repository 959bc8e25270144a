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

/** A three-node cluster formed with -join, used as rqlite users use theirs: any request to any node. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT extends ThreeNodeClusterTest {

    @Test
    @Order(1)
    void everyNodeListsTheSameThreeReachableVotersAndOneLeader() {
        NodeProcess leader = cluster.leader();
        for (NodeProcess node : cluster.nodes()) {
            Cluster.await(Duration.ofSeconds(30), "node " + node.nodeId() + " to list three reachable voters",
                    () -> count(node.nodesJson(), "\"reachable\":true") == 3);
            String nodes = node.nodesJson();
            assertEquals(3, count(nodes, "\"reachable\":true"), nodes);
            assertEquals(1, count(nodes, "\"leader\":true"), nodes);
            assertTrue(nodes.contains("\"" + leader.nodeId() + "\":{\"id\":\"" + leader.nodeId() + "\",\"api_addr\":\"http://"
                    + leader.httpAddress() + "\",\"addr\":\"" + leader.raftAddress()
                    + "\",\"version\":\"v10.2.7\",\"voter\":true,\"reachable\":true,\"leader\":true"), nodes);
            assertTrue(node.status().contains("\"leader\":{\"addr\":\"" + leader.raftAddress() + "\",\"node_id\":\""
                    + leader.nodeId() + "\"}"), node.status());
            Cluster.await(Duration.ofSeconds(30), "node " + node.nodeId() + " to count all three voters",
                    () -> node.status().contains("\"num_peers\":2,"));
        }
    }

    @Test
    @Order(2)
    void aWriteOnAFollowerIsForwardedToTheLeaderAndVisibleEverywhere() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess follower = cluster.followers().get(0);
        HttpResponse<String> r = follower.post("/db/execute", "[\"CREATE TABLE fwd (id INTEGER PRIMARY KEY, v TEXT)\","
                + " [\"INSERT INTO fwd(v) VALUES(?)\", \"from a follower\"]]");
        assertEquals(200, r.statusCode());
        assertEquals("{\"results\":[{},{\"last_insert_id\":1,\"rows_affected\":1}]}", r.body());
        assertEquals(leader.raftAddress(), r.headers().firstValue("X-RQLITE-SERVED-BY").orElse(""));
        String expected = "{\"results\":[{\"columns\":[\"id\",\"v\"],\"types\":[\"integer\",\"text\"],"
                + "\"values\":[[1,\"from a follower\"]]}]}";
        for (NodeProcess node : cluster.nodes()) {
            Cluster.await(Duration.ofSeconds(30), "the row on node " + node.nodeId(),
                    () -> query(node, "SELECT * FROM fwd").equals(expected));
        }
        HttpResponse<String> synced = follower.get("/readyz?sync");
        assertEquals(200, synced.statusCode());
        assertEquals("[+]node ok\n[+]leader ok\n[+]store ok\n[+]sync ok\n[+]db ok", synced.body());
        HttpResponse<String> weak = follower.post("/db/query", "[\"SELECT * FROM fwd\"]");
        assertEquals(expected, weak.body());
        assertEquals(leader.raftAddress(), weak.headers().firstValue("X-RQLITE-SERVED-BY").orElse(""));
        String dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"
                + "CREATE TABLE fwd (id INTEGER PRIMARY KEY, v TEXT);\n"
                + "INSERT INTO \"fwd\" VALUES(1,'from a follower');\nCOMMIT;\n";
        HttpResponse<String> backup = follower.get("/db/backup?fmt=sql&tables=fwd");
        assertEquals(dump, backup.body());
        assertEquals(leader.raftAddress(), backup.headers().firstValue("X-RQLITE-SERVED-BY").orElse(""));
        HttpResponse<String> own = follower.get("/db/backup?fmt=sql&tables=fwd&noleader");
        assertEquals(dump, own.body());
        assertEquals(follower.httpAddress(), own.headers().firstValue("X-RQLITE-SERVED-BY").orElse(""));
    }

    @Test
    @Order(3)
    void redirectSendsTheClientToTheLeadersApiAddress() throws Exception {
        NodeProcess leader = cluster.leader();
        for (NodeProcess follower : cluster.followers()) {
            HttpResponse<String> r = follower.post("/db/execute?redirect", "[\"nonsense\"]");
            assertEquals(301, r.statusCode());
            assertEquals("http://" + leader.httpAddress() + "/db/execute?redirect",
                    r.headers().firstValue("Location").orElse(""));
            // Go's http.Redirect writes no body once rqlited has set the JSON type
            assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("", r.body());
            assertEquals("v10.2.7", r.headers().firstValue("X-RQLITE-VERSION").orElse(""));
        }
        HttpResponse<String> onLeader = leader.post("/db/execute?redirect", "[\"nonsense\"]");
        assertEquals("{\"results\":[{\"error\":\"near \\\"nonsense\\\": syntax error\"}]}", onLeader.body());
    }

    private static final String WHILE_AWAY =
            "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"integer\"],\"values\":[[42],[43]]}]}";

    @Test
    @Order(4)
    void aStoppedFollowerRestartsWithoutJoinAndCatchesUp() throws Exception {
        NodeProcess follower = cluster.followers().get(0);
        follower.stop();
        cluster.leader().execute("[\"CREATE TABLE while_away (x); INSERT INTO while_away VALUES(42);"
                + " INSERT INTO while_away VALUES(43)\"]");
        follower.startWithoutJoin().awaitReady();
        Cluster.await(Duration.ofSeconds(30), "the restarted node to catch up",
                () -> query(follower, "SELECT x FROM while_away").equals(WHILE_AWAY));
        assertEquals(3, count(cluster.leader().nodesJson(), "\"reachable\":true"));
    }

    @Test
    @Order(5)
    void joiningAgainIsHarmless() throws Exception {
        NodeProcess follower = cluster.followers().get(0);
        follower.stop();
        follower.start().awaitReady();
        Cluster.await(Duration.ofSeconds(30), "the restarted node to hold every statement of the string again",
                () -> query(follower, "SELECT x FROM while_away").equals(WHILE_AWAY));
        String nodes = cluster.leader().nodesJson();
        assertEquals(3, count(nodes, "\"voter\":true"), nodes);
        Cluster.await(Duration.ofSeconds(30), "all three reachable",
                () -> count(cluster.leader().nodesJson(), "\"reachable\":true") == 3);
    }

    @Test
    @Order(6)
    void stepdownMovesLeadershipAndWritesContinue() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess follower = cluster.followers().get(0);
        HttpResponse<String> r = follower.post("/leader?wait", "");
        assertEquals(200, r.statusCode(), r.body());
        Cluster.await(Duration.ofSeconds(30), "another leader", () -> cluster.leader() != leader);
        Cluster.await(Duration.ofSeconds(30), "writes through the old leader", () -> {
            try {
                return leader.post("/db/execute", "[\"INSERT INTO fwd(v) VALUES('after stepdown')\"]").body()
                        .contains("\"rows_affected\":1");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(400, cluster.leader().post("/leader", "{\"id\":").statusCode());
    }

    /** A dump loaded through a follower goes to the leader and through the log to every node. */
    @Test
    @Order(7)
    void aDumpLoadedThroughAFollowerReachesEveryNode() throws Exception {
        NodeProcess follower = cluster.followers().get(1);
        HttpResponse<String> loaded = follower.post("/db/load", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"
                + "CREATE TABLE loaded (v TEXT);\nINSERT INTO \"loaded\" VALUES('a');\n"
                + "INSERT INTO \"loaded\" VALUES('b');\nCOMMIT;\n");
        assertEquals(200, loaded.statusCode(), loaded.body());
        assertEquals("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}", loaded.body());
        String expected = "{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],"
                + "\"values\":[[\"a\"],[\"b\"]]}]}";
        for (NodeProcess node : cluster.nodes()) {
            Cluster.await(Duration.ofSeconds(30), "the loaded rows on node " + node.nodeId(),
                    () -> query(node, "SELECT v FROM loaded ORDER BY v").equals(expected));
        }
    }

    static String query(NodeProcess node, String sql) {
        try {
            return node.query(sql);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    /**
     * The integers of a one-column result, in the order given; none for an error. Not a regular expression over the
     * body: ".*" before the values backtracks over the whole body at every position, minutes for thousands of rows.
     */
    static java.util.List<Integer> integers(String body) {
        int at = body.indexOf("\"values\":[");
        java.util.List<Integer> values = new java.util.ArrayList<>();
        if (at >= 0) {
            for (String part : body.substring(at + "\"values\":[".length()).split("[\\[\\],}]+")) {
                if (part.matches("\\d+")) {
                    values.add(Integer.parseInt(part));
                }
            }
        }
        return values;
    }

    static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
