package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * The leader's disk fills up (its data directory on a small tmpfs the test mounts, then a file taking what is left):
 * it says so in its log and steps down, a node that can still write takes over and acknowledges writes, nothing
 * acknowledged is lost, and once space is freed the full node catches up without a restart.
 */
class DiskFullIT {

    @Test
    void aLeaderWhoseDiskFillsStepsDownAndCatchesUpOnceSpaceIsFreed() throws Exception {
        Path root = Files.createTempDirectory("raftlite-diskfull");
        // the mount is the data directory itself, so the node's output (beside it) still has room
        Path small = root.resolve("node1");
        Files.createDirectories(small);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", small.toString());
        if (!mounted) {
            Dirs.deleteQuietly(root);
        }
        Assumptions.assumeTrue(mounted, "needs root to mount a tmpfs");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            NodeProcess first = new NodeProcess("1", small);
            nodes.add(first);
            first.start().awaitReady();
            for (int i = 2; i <= 3; i++) {
                nodes.add(new NodeProcess(Integer.toString(i), root.resolve("node" + i), "-join",
                        first.raftAddress(), "-join-interval", "1s", "-join-attempts", "60").start());
            }
            for (NodeProcess node : nodes) {
                node.awaitReady();
            }
            Cluster.await(Duration.ofSeconds(60), "three voters", () -> nodes.get(2).nodesJson()
                    .split("\"voter\":true", -1).length - 1 == 3);
            first.execute("[\"CREATE TABLE w (id INTEGER PRIMARY KEY)\"]");
            Set<Integer> acked = new TreeSet<>();
            int next = write(nodes.get(1), 1, 50, acked);

            fill(small.resolve("filler"));
            int[] id = {next};
            // the leader finds out when it next appends: writes keep coming, as they would
            Cluster.await(Duration.ofSeconds(90), "another node to lead", () -> {
                id[0] = write(nodes.get(1), id[0], 1, acked);
                return nodes.subList(1, 3).stream().anyMatch(n -> n.status().contains("\"state\":\"Leader\""));
            });
            next = id[0];
            assertTrue(first.logText().contains("could not write") && first.logText().contains("steps down"),
                    first.logText());
            int before = acked.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < before + 50 && System.nanoTime() < deadline) {
                next = write(nodes.get(2), next, 10, acked);
            }
            assertTrue(acked.size() >= before + 50, "writes after the disk filled: " + (acked.size() - before));

            Files.delete(small.resolve("filler"));
            for (NodeProcess node : nodes) {
                Cluster.await(Duration.ofSeconds(120), "node " + node.nodeId() + " to hold every acknowledged write",
                        () -> new TreeSet<>(ClusterIT.integers(ClusterIT.query(node, "SELECT id FROM w")))
                                .containsAll(acked));
            }
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
            run("umount", small.toString());
            Dirs.deleteQuietly(root);
        }
    }

    /** Writes ids one at a time through {@code node}; returns the next id to write. */
    private static int write(NodeProcess node, int from, int count, Set<Integer> acked) {
        for (int id = from; id < from + count; id++) {
            try {
                var r = node.post("/db/execute", "[[\"INSERT INTO w(id) VALUES(?)\", " + id + "]]");
                if (r.statusCode() == 200 && r.body().endsWith(",\"rows_affected\":1}]}")) {
                    acked.add(id);
                }
            } catch (Exception e) {
                // unknown: not counted
            }
        }
        return from + count;
    }

    /** Writes a file until the file system refuses more. */
    private static void fill(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 16);
            while (true) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
