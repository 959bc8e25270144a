package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * {@code -bootstrap-expect 3 -join <all three>}: three nodes started together form one cluster; a fourth joins later
 * and counts the same voters; a node started with -raft-cluster-remove-shutdown leaves on SIGTERM.
 */
class BootstrapIT {

    @Test
    void threeNodesStartedTogetherFormOneCluster() throws Exception {
        Path root = Files.createTempDirectory("raftlite-bootstrap");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                nodes.add(new NodeProcess(Integer.toString(i), root.resolve("node" + i)));
            }
            String all = nodes.stream().map(NodeProcess::raftAddress).collect(Collectors.joining(","));
            for (NodeProcess node : nodes) {
                node.withFlags("-bootstrap-expect", "3", "-join", all, "-join-interval", "1s").start();
            }
            for (NodeProcess node : nodes) {
                node.awaitReady();
            }
            for (NodeProcess node : nodes) {
                Cluster.await(Duration.ofSeconds(30), "node " + node.nodeId() + " to see three voters and a leader",
                        () -> ClusterIT.count(node.nodesJson(), "\"voter\":true") == 3
                                && ClusterIT.count(node.nodesJson(), "\"leader\":true") == 1
                                && node.status().contains("\"num_peers\":2,"));
            }
            NodeProcess any = nodes.get(1);
            assertEquals(200, any.post("/db/execute", "[\"CREATE TABLE b (x)\"]").statusCode());

            NodeProcess late = new NodeProcess("4", root.resolve("node4"), "-join", nodes.get(0).raftAddress(),
                    "-raft-cluster-remove-shutdown=true");
            nodes.add(late);
            late.start().awaitReady();
            Cluster.await(Duration.ofSeconds(30), "the late joiner to count four voters",
                    () -> late.status().contains("\"num_peers\":3,"));
            String leader = late.get("/leader").body();
            assertTrue(leader.matches("\\{\"id\":\"[123]\",\"api_addr\":\"http://127\\.0\\.0\\.1:\\d+\",\"addr\":"
                    + "\"127\\.0\\.0\\.1:\\d+\",\"version\":\"v10\\.2\\.7\",\"voter\":true,\"reachable\":true,"
                    + "\"leader\":true,.*"), leader);

            late.stop();
            Cluster.await(Duration.ofSeconds(30), "the node that left to be gone from /nodes",
                    () -> ClusterIT.count(nodes.get(0).nodesJson(), "\"voter\":true") == 3
                            && !nodes.get(0).nodesJson().contains("\"4\""));
            assertEquals(200, any.post("/db/execute", "[\"INSERT INTO b VALUES(1)\"]").statusCode());
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
            Dirs.deleteQuietly(root);
        }
    }
}
