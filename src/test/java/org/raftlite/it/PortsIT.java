package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;

/**
 * A node listens on its HTTP port and its Raft port and nothing else, as rqlited does, so that a cluster forms at
 * once with ports handed out one by one, the way rqlite's harnesses pick them, even when a neighbour is taken.
 */
class PortsIT {

    @Test
    void nodesJoinAtOnceWhenTheRaftPortsNeighbourIsTakenAndListenOnTwoPortsOnly() throws Exception {
        Path root = Files.createTempDirectory("raftlite-ports");
        List<NodeProcess> nodes = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                NodeProcess node = new NodeProcess(Integer.toString(i), root.resolve("node" + i));
                nodes.add(node);
                holdIfFree(node.raftPort() + 1, held);
            }
            Instant start = Instant.now();
            nodes.get(0).start().awaitReady();
            for (NodeProcess node : nodes.subList(1, 3)) {
                node.withFlags("-join", nodes.get(0).raftAddress(), "-join-interval", "1s").start();
            }
            for (NodeProcess node : nodes) {
                node.awaitReady();
            }
            Cluster.await(Duration.ofSeconds(30), "three voters on node 1",
                    () -> nodes.get(0).nodesJson().split("\"voter\":true", -1).length - 1 == 3);
            Duration took = Duration.between(start, Instant.now());
            assertEquals(true, took.compareTo(Duration.ofSeconds(45)) < 0, "the cluster took " + took);
            for (NodeProcess node : nodes) {
                assertEquals(new TreeSet<>(List.of(node.httpPort(), node.raftPort())), listeningPorts(node.pid()),
                        "ports node " + node.nodeId() + " listens on");
            }
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static void holdIfFree(int port, List<ServerSocket> held) {
        try {
            held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException takenAlready) {
            // someone else holds it, which serves as well
        }
    }

    /** The TCP ports a process listens on: its sockets' inodes matched against the kernel's LISTEN entries. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new TreeSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listed
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
