package org.raftlite.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Gives the in-process test node a fresh data directory and a free Raft port. */
public class TestNodeResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("raftlite-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("raftlite.data-dir", dir.toString(), "raftlite.raft-addr", "127.0.0.1:" + FreePorts.one());
    }

    @Override
    public void stop() {
        Dirs.deleteQuietly(dir);
    }
}
