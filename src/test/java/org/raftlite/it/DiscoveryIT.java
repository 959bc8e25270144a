package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * {@code -disco-mode dns} as rqlite's own tests drive it: RQLITE_DISCO_DNS_HOSTS stands in for the DNS answer of
 * a Kubernetes headless Service, and the nodes bootstrap with {@code -bootstrap-expect}.
 */
class DiscoveryIT {

    @Test
    void nodesFoundThroughDnsBootstrapOneCluster() throws Exception {
        Path root = Files.createTempDirectory("raftlite-disco");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                nodes.add(new NodeProcess("node-" + i, root.resolve("node" + i)));
            }
            String hosts = nodes.stream().map(NodeProcess::raftAddress).collect(Collectors.joining(","));
            for (NodeProcess node : nodes) {
                node.withEnv("RQLITE_DISCO_DNS_HOSTS", hosts).withFlags("-disco-mode", "dns", "-disco-config",
                        "{\"name\":\"raftlite-internal\"}", "-bootstrap-expect", "3").start();
            }
            for (NodeProcess node : nodes) {
                node.awaitReady();
                Cluster.await(Duration.ofSeconds(30), node.nodeId() + " to see three voters",
                        () -> ClusterIT.count(node.nodesJson(), "\"voter\":true") == 3);
            }
            nodes.get(2).execute("[\"CREATE TABLE d (x)\"]");
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
            Dirs.deleteQuietly(root);
        }
    }

    @Test
    void dnsDiscoveryRefusesFlagsRqliteRefuses() throws Exception {
        Path root = Files.createTempDirectory("raftlite-disco-bad");
        try {
            for (String[] flags : new String[][] {
                    {"-disco-mode", "dns", "-disco-config", "{\"name\":\"x\"}"},
                    {"-disco-mode", "dns", "-disco-config", "{\"name\":\"x\"}", "-bootstrap-expect", "3", "-join",
                            "127.0.0.1:1"},
                    {"-disco-mode", "consul-kv", "-bootstrap-expect", "3"}}) {
                try (NodeProcess node = new NodeProcess("n", root.resolve("data-" + flags.length), flags)) {
                    assertNotEquals(0, node.start().awaitExit(), String.join(" ", flags));
                    assertTrue(node.logText().contains("disco"), node.logText());
                }
            }
        } finally {
            Dirs.deleteQuietly(root);
        }
    }
}
