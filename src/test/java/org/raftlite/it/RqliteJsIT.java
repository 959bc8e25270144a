package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/** A client nobody here wrote, npm's rqlite-js 2.5.7, against a real node: the wire format as clients parse it. */
class RqliteJsIT {

    private static final Path CLIENT_DIR = Path.of("target", "rqlite-js").toAbsolutePath();
    private Path root;

    @BeforeAll
    static void installClient() throws Exception {
        if (Files.isDirectory(CLIENT_DIR.resolve("node_modules/rqlite-js"))) {
            return;
        }
        Files.createDirectories(CLIENT_DIR);
        Result r = run(CLIENT_DIR, List.of("npm", "install", "--no-audit", "--no-fund", "--silent",
                "rqlite-js@2.5.7", "@babel/runtime"), 300);
        assertEquals(0, r.exitCode(), "npm install rqlite-js: " + r.output());
    }

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createTempDirectory("raftlite-js");
    }

    @AfterEach
    void clean() {
        Dirs.deleteQuietly(root);
    }

    @Test
    void rqliteJsWritesReadsAndSeesErrors() throws Exception {
        Path script = Path.of("src", "test", "js", "rqlite-js-client.js").toAbsolutePath();
        try (NodeProcess node = new NodeProcess("1", root.resolve("data")).start().awaitReady()) {
            Result r = run(CLIENT_DIR, List.of("node", script.toString(), "http://127.0.0.1:" + node.httpPort()), 120);
            assertEquals(0, r.exitCode(), r.output());
            assertEquals("{\"insertIds\":[1,2],\"rowsAffected\":1,"
                    + "\"rows\":[{\"id\":1,\"name\":\"fiona\",\"score\":1.5},{\"id\":2,\"name\":\"declan\",\"score\":2}],"
                    + "\"strongName\":\"declan\",\"updated\":1,\"error\":\"{\\\"error\\\":\\\"no such table: nosuch\\\"}\"}",
                    r.output().strip());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, List<String> command, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", dir.resolve("node_modules").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
