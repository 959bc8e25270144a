package org.raftlite.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A small raftlite cluster of real processes: node 1 bootstraps itself, the others join it with {@code -join}, as
 * rqlite's documentation forms one. Closing it kills every node and removes their data.
 */
public final class Cluster implements AutoCloseable {

    private final Path root;
    private final List<NodeProcess> nodes = new ArrayList<>();
    /** The hosts the nodes run on, or null for 127.0.0.1. */
    private final Namespaces net;

    private Cluster(Path root, Namespaces net) {
        this.root = root;
        this.net = net;
    }

    /** Starts {@code size} nodes, each with {@code flags}. */
    public static Cluster start(int size, String... flags) throws Exception {
        return start(size, Map.of(), flags);
    }

    /** Starts {@code size} nodes, each with {@code flags} and the environment variables {@code env}. */
    public static Cluster start(int size, Map<String, String> env, String... flags) throws Exception {
        return start(new Cluster(Files.createTempDirectory("raftlite-cluster"), null), size, env, flags);
    }

    /** Starts one node on each host of {@code net}, each with {@code flags}; close the cluster before the hosts. */
    public static Cluster startIn(Namespaces net, String... flags) throws Exception {
        return start(new Cluster(Files.createTempDirectory("raftlite-cluster"), net), net.hosts(), Map.of(), flags);
    }

    private static Cluster start(Cluster cluster, int size, Map<String, String> env, String... flags)
            throws Exception {
        try {
            NodeProcess first = cluster.add(cluster.node(1, env, flags));
            first.start().awaitReady();
            for (int i = 2; i <= size; i++) {
                cluster.add(cluster.node(i, env, flags)
                        .withFlags("-join", cluster.joinAddress(), "-join-interval", "1s", "-join-attempts", "60"))
                        .start();
            }
            for (NodeProcess node : cluster.nodes) {
                node.awaitReady();
            }
            cluster.awaitVoters(size);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private NodeProcess node(int number, Map<String, String> env, String... flags) {
        NodeProcess node = new NodeProcess(Integer.toString(number), root.resolve("node" + number), flags);
        if (net != null) {
            node.inNamespace(net.exec(number), net.address(number));
        }
        env.forEach(node::withEnv);
        return node;
    }

    private NodeProcess add(NodeProcess node) {
        nodes.add(node);
        return node;
    }

    /** Starts one more node that joins through node 1, with extra flags. */
    public NodeProcess join(String id, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("-join", joinAddress(), "-join-interval", "1s", "-join-attempts", "60"));
        return add(new NodeProcess(id, root.resolve("node" + id), args.toArray(String[]::new))).start();
    }

    public String joinAddress() {
        return nodes.get(0).raftAddress();
    }

    public NodeProcess node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    public List<NodeProcess> nodes() {
        return nodes;
    }

    /** The node that says it leads, waiting for one if there is none right now. */
    public NodeProcess leader() {
        NodeProcess[] found = new NodeProcess[1];
        await(Duration.ofSeconds(60), "a leader", () -> {
            for (NodeProcess node : nodes) {
                if (node.isAlive() && node.status().contains("\"state\":\"Leader\"")) {
                    found[0] = node;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public List<NodeProcess> followers() {
        NodeProcess leader = leader();
        return nodes.stream().filter(n -> n != leader && n.isAlive()).toList();
    }

    /** Every node lists all voters: followers learn the registry with the commit index, a little later. */
    private void awaitVoters(int count) {
        for (NodeProcess node : nodes) {
            await(Duration.ofSeconds(60), count + " voters in /nodes of node " + node.nodeId(), () -> {
                String body = node.nodesJson();
                return body.split("\"voter\":true", -1).length - 1 == count
                        && body.split("\"leader\":true", -1).length - 1 == 1;
            });
        }
    }

    /** Polls a condition until it holds, failing after the deadline. */
    public static void await(Duration deadline, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + deadline.toSeconds() + "s waiting for " + what);
    }

    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.close();
        }
        Dirs.deleteQuietly(root);
    }
}
