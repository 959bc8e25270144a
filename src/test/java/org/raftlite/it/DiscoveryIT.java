package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.FakeDns;
import org.raftlite.testing.FreePorts;
import org.raftlite.testing.NodeProcess;

/**
 * {@code -disco-mode dns} and {@code dns-srv}: the nodes find each other through a DNS server in this JVM that answers
 * as Kubernetes does for a headless Service (A records, or SRV records with ports), or through RQLITE_DISCO_DNS_HOSTS
 * as rqlite's own tests drive it, and bootstrap with {@code -bootstrap-expect}.
 */
class DiscoveryIT {

    private static final String[] NAMED = {"-disco-config", "{\"name\":\"raftlite-internal\"}"};

    @Test
    void nodesFoundThroughTheDnsOverrideBootstrapOneCluster() throws Exception {
        formOneCluster("dns", (nodes, env) -> env.put("RQLITE_DISCO_DNS_HOSTS",
                nodes.stream().map(NodeProcess::raftAddress).collect(Collectors.joining(","))), Map.of(), 0,
                NAMED);
    }

    /** Three pods behind a headless Service: three A records, one Raft port; the nodes ask a DNS server. */
    @Test
    void theARecordsOfANameBecomeThePeers() throws Exception {
        int sharedRaftPort = FreePorts.one();
        List<String> ips = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
        try (FakeDns dns = new FakeDns().a("raftlite-internal", ips)) {
            formOneCluster("dns", (nodes, env) -> env.put("RAFTLITE_DISCO_DNS_SERVER", dns.address()),
                    Map.of(1, ips.get(0), 2, ips.get(1), 3, ips.get(2)), sharedRaftPort, NAMED);
        }
    }

    /** dns-srv: the SRV records of _raft._tcp.name give each peer's host name and port. */
    @Test
    void theSrvRecordsOfANameBecomeThePeers() throws Exception {
        try (FakeDns dns = new FakeDns()) {
            formOneCluster("dns-srv", (nodes, env) -> {
                List<FakeDns.Srv> records = new ArrayList<>();
                for (NodeProcess node : nodes) {
                    String target = "raftlite-" + node.nodeId() + ".raftlite-internal.default.svc.cluster.local.";
                    dns.a(target, List.of("127.0.0.1"));
                    records.add(new FakeDns.Srv(target, node.raftPort()));
                }
                dns.srv("_raft._tcp.raftlite-internal", records);
                env.put("RAFTLITE_DISCO_DNS_SERVER", dns.address());
            }, Map.of(), 0, "-disco-config", "{\"name\":\"raftlite-internal\",\"service\":\"raft\"}");
        }
    }

    /**
     * Starts three nodes that find each other by {@code mode} and bootstrap with {@code -bootstrap-expect 3}, and
     * checks that they form one cluster that takes writes.
     *
     * @param hosts          loopback addresses by node number, for nodes not on 127.0.0.1
     * @param sharedRaftPort the Raft port of the nodes in {@code hosts}
     */
    private void formOneCluster(String mode, BiConsumer<List<NodeProcess>, Map<String, String>> discovery,
                                Map<Integer, String> hosts, int sharedRaftPort, String... config) throws Exception {
        Path root = Files.createTempDirectory("raftlite-disco");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                NodeProcess node = new NodeProcess("node-" + i, root.resolve("node" + i));
                if (hosts.containsKey(i)) {
                    node.onHost(hosts.get(i), sharedRaftPort);
                }
                nodes.add(node);
            }
            Map<String, String> env = new HashMap<>();
            discovery.accept(nodes, env);
            for (NodeProcess node : nodes) {
                env.forEach(node::withEnv);
                node.withFlags("-disco-mode", mode, "-bootstrap-expect", "3").withFlags(config).start();
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
