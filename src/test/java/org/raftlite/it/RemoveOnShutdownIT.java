package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;

/** {@code -raft-cluster-remove-shutdown=true}: a node stopped gracefully leaves the cluster, the leader too. */
class RemoveOnShutdownIT {

    @Test
    void aLeaderThatShutsDownHandsOverAndIsRemoved() throws Exception {
        try (Cluster cluster = Cluster.start(3, "-raft-cluster-remove-shutdown=true")) {
            NodeProcess leader = cluster.leader();
            leader.execute("[\"CREATE TABLE leaving (x)\"]");
            leader.stop();
            NodeProcess next = cluster.leader();
            assertNotEquals(leader, next);
            for (NodeProcess node : cluster.followers()) {
                Cluster.await(Duration.ofSeconds(30), "node " + node.nodeId() + " to list two nodes only", () -> {
                    String nodes = node.nodesJson();
                    return !nodes.contains("\"" + leader.nodeId() + "\"") && ClusterIT.count(nodes, "\"voter\":true") == 2;
                });
            }
            Cluster.await(Duration.ofSeconds(30), "the new leader to list two nodes only",
                    () -> !next.nodesJson().contains("\"" + leader.nodeId() + "\""));
            assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}",
                    next.execute("[\"INSERT INTO leaving VALUES(1)\"]"));
        }
    }
}
