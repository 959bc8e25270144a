package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftlite.testing.FreePorts;

/**
 * A node whose Raft port is taken when it first connects (another process holds it a moment longer) joins once the
 * port is free again, and its log works: the node retries with the same RaftNode, as the store does.
 */
class RaftNodeConnectTest {

    @TempDir
    Path dir;

    @Test
    void connectsOnceItsPortIsFreeAfterAFailedAttempt() throws Exception {
        int port = FreePorts.one();
        List<String> hosts = List.of("127.0.0.1:" + port);
        try (RaftNode node = RaftNode.create(new RaftNode.Settings("a", "127.0.0.1", port, hosts, null,
                dir.resolve("a"), List.of("a"), Timing.DEFAULTS), new IgnoringApplier())) {
            try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThrows(Exception.class, () -> node.connect("connect-test"));
            }

            node.connect("connect-test");
            awaitLeading(node, "a");
            node.propose(new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
        }
    }

    /** An attempt that fails above the transport (here RAFT cannot open its log) leaves the Raft port free. */
    @Test
    void aConnectThatFailsReleasesTheRaftPort() throws Exception {
        int port = FreePorts.one();
        Path logDir = dir.resolve("b");
        try (RaftNode node = RaftNode.create(new RaftNode.Settings("b", "127.0.0.1", port,
                List.of("127.0.0.1:" + port), null, logDir, List.of("b"), Timing.DEFAULTS),
                new IgnoringApplier())) {
            java.nio.file.Files.delete(logDir);
            java.nio.file.Files.writeString(logDir, "not a directory");
            assertThrows(Exception.class, () -> node.connect("release-test"));
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();

            java.nio.file.Files.delete(logDir);
            java.nio.file.Files.createDirectories(logDir);
            node.connect("release-test");
            awaitLeading(node, "b");
        }
    }

    private static void awaitLeading(RaftNode node, String id) throws InterruptedException {
        node.bootstrap(List.of(id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!node.isLeader() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(node.isLeader(), "node " + id + " never led its one-node group");
    }
}
