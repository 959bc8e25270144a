package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;

/**
 * A write its leader proposed and then lost leadership over is answered with rqlited's error for that case and
 * never proposed again elsewhere: the entry may still commit under the next leader, and a second proposal would
 * run its statements twice.
 */
class LostLeadershipIT {

    private static final String COUNT = "{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],"
            + "\"values\":[[%d]]}]}";

    @Test
    void aWriteWhoseLeaderLostLeadershipAfterProposingItIsNotForwarded() throws Exception {
        try (Cluster cluster = Cluster.start(3, "-raft-apply-timeout", "120s")) {
            NodeProcess leader = cluster.leader();
            leader.execute("[\"CREATE TABLE once (v)\"]");
            List<NodeProcess> followers = cluster.followers();
            for (NodeProcess follower : followers) {
                follower.pause();
            }
            HttpResponse<String> answer;
            try {
                // proposed, never committed: the leader steps down once it stops hearing from its followers
                CompletableFuture<HttpResponse<String>> write = CompletableFuture.supplyAsync(() -> {
                    try {
                        return leader.post("/db/execute", "[\"INSERT INTO once VALUES(1)\"]");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                answer = write.get(90, TimeUnit.SECONDS);
            } finally {
                for (NodeProcess follower : followers) {
                    follower.resume();
                }
            }
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("{\"results\":[],\"error\":\"leadership lost while committing log\"}", answer.body());
            // the old leader, alone in its view, joins its group again, and the group elects a leader
            Cluster.await(Duration.ofSeconds(120), "a leader once the followers are back", () -> cluster.nodes()
                    .stream().anyMatch(n -> n.status().contains("\"state\":\"Leader\"")));
            cluster.leader().execute("[\"INSERT INTO once VALUES(2)\"]");
            // every replica holds the row at most once, whatever the entry became
            for (NodeProcess node : cluster.nodes()) {
                String rows = node.post("/db/query?level=none", "[\"SELECT count(*) FROM once WHERE v = 1\"]").body();
                assertTrue(rows.equals(COUNT.formatted(0)) || rows.equals(COUNT.formatted(1)),
                        "node " + node.nodeId() + ": " + rows);
            }
        }
    }
}
