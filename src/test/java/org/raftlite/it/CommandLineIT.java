package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/** bin/raftlited as rqlite's scripts call rqlited: version, usage errors, defaults. */
class CommandLineIT {

    private Path root;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createTempDirectory("raftlite-cli");
    }

    @AfterEach
    void clean() {
        Dirs.deleteQuietly(root);
    }

    @Test
    void versionPrintsTheRqliteApiLevelAndExitsZero() throws Exception {
        NodeProcess.Result r = NodeProcess.run("-version");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("raftlited v10.2.7 "), r.output());
    }

    /**
     * The build archived the classes a start loads (src/build/ArchiveClasses.java) for this JVM and these jars: a JVM
     * told to share them or not start at all ({@code -Xshare:on}) starts. A stale archive would be ignored silently
     * by a plain start, and every start would be slower for it.
     */
    @Test
    void theClassArchiveTheBuildMadeFitsThisJvmAndItsJars() throws Exception {
        Path archive = NodeProcess.launcher().getParent().resolveSibling("target/quarkus-app/app-cds.jsa");
        assertTrue(Files.isRegularFile(archive), archive + " missing");
        NodeProcess.Result r = NodeProcess.runWithJavaOptions("-Xshare:on", "-version");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("raftlited v10.2.7 "), r.output());
    }

    @Test
    void usageErrorsExitAsRqlitedDoes() throws Exception {
        // Go's flag package: help exits 0 and a flag it refuses exits 2, both with usage; rqlited's own checks exit 1
        Object[][] cases = {{0, new String[] {"-h"}}, {2, new String[] {"-no-such-flag", "d"}},
                {2, new String[] {"-raft-snap=lots", "d"}}, {1, new String[] {}}, {1, new String[] {"-node-id", "1"}},
                {1, new String[] {"a", "b"}}};
        for (Object[] c : cases) {
            String[] args = (String[]) c[1];
            NodeProcess.Result r = NodeProcess.run(args);
            assertEquals(c[0], r.exitCode(), String.join(" ", args) + ": " + r.output());
            assertEquals((int) c[0] != 1, r.output().contains("Usage: raftlited [flags] <data directory>"),
                    r.output());
        }
    }

    @Test
    void aSecurityFlagThatIsNotBuiltStopsTheNode() throws Exception {
        NodeProcess.Result r = NodeProcess.run("-node-cert", "node.pem", "-node-key", "node.key",
                root.resolve("refused").toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("fatal: -node-cert, -node-key: TLS is not supported"), r.output());
        assertTrue(Files.notExists(root.resolve("refused")), "the node must not have started");
    }

    @Test
    void nodeIdDefaultsToTheRaftAddressAndLaterFlagsAreAccepted() throws Exception {
        try (NodeProcess node = new NodeProcess(null, root.resolve("data"), "-raft-snap-int", "1s",
                "-raft-commit-timeout", "50ms", "-raft-cluster-remove-shutdown=true", "-raft-non-voter=false",
                "-bootstrap-expect", "0",
                "-raft-log-level", "INFO", "-join-interval", "1s", "-http-adv-addr", "localhost:9999").start()
                .awaitReady()) {
            String status = node.get("/status?key=store").body();
            assertTrue(status.contains("\"node_id\":\"127.0.0.1:" + node.raftPort() + "\""), status);
            assertEquals("localhost:9999", node.post("/db/execute", "[\"CREATE TABLE t (x)\"]").headers()
                    .firstValue("X-RQLITE-SERVED-BY").orElse(""));
            assertTrue(node.logText().contains("not yet in effect"), node.logText());
        }
    }

    /** A node killed and started again leaves one copy of SQLite's library, under a name that says which it is. */
    @Test
    void sqlitesLibraryIsUnpackedOnceAndKilledNodesLeaveNoCopies() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        try (NodeProcess node = new NodeProcess("1", root.resolve("data"))
                .withEnv("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp)) {
            node.start().awaitReady();
            node.execute("[\"CREATE TABLE t (x)\", \"INSERT INTO t VALUES (42)\"]");
            node.kill();
            node.start().awaitReady();
            String rows = node.query("SELECT x FROM t");
            assertTrue(rows.contains("[[42]]"), rows);
            try (var entries = Files.list(tmp)) {
                var names = entries.map(p -> p.getFileName().toString()).sorted().toList();
                var copies = names.stream().filter(n -> n.contains("sqlite")).toList();
                assertEquals(1, copies.size(), names.toString());
                assertTrue(copies.get(0).startsWith("raftlite-sqlite-"), names.toString());
                assertTrue(Files.isRegularFile(tmp.resolve(copies.get(0)).resolve("libsqlitejdbc.so")),
                        names.toString());
            }
        }
    }
}
