package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;
import org.raftlite.testing.Npm;

/** A client nobody here wrote, npm's rqlite-js 2.5.7, against a real node: the wire format as clients parse it. */
class RqliteJsIT {

    private static Path clientDir;
    private Path root;

    @BeforeAll
    static void installClient() throws Exception {
        clientDir = Npm.install("rqlite-js", "rqlite-js@2.5.7", "@babel/runtime");
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
            Npm.Result r = Npm.run(clientDir, List.of("node", script.toString(), "http://127.0.0.1:" + node.httpPort()),
                    null, 120);
            assertEquals(0, r.exitCode(), r.output());
            assertEquals("{\"insertIds\":[1,2],\"rowsAffected\":1,"
                    + "\"rows\":[{\"id\":1,\"name\":\"fiona\",\"score\":1.5},{\"id\":2,\"name\":\"declan\",\"score\":2}],"
                    + "\"strongName\":\"declan\",\"updated\":1,\"error\":\"{\\\"error\\\":\\\"no such table: nosuch\\\"}\"}",
                    r.output().strip());
        }
    }
}
