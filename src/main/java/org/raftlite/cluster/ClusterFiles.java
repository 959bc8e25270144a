package org.raftlite.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a node keeps under {@code <data>/raft/} besides the log, so that a restart needs no {@code -join}: the voters
 * its Raft configuration started from (the log's membership changes apply on top of them) and the Raft addresses
 * of the peers it last knew.
 */
public final class ClusterFiles {

    /** @param members the voters RAFT starts with; @param peers Raft addresses to look for the group at */
    public record State(List<String> members, List<String> peers) {
    }

    private final Path file;

    public ClusterFiles(Path raftDir) {
        this.file = raftDir.resolve("cluster.properties");
    }

    Optional<State> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new State(list(p.getProperty("members", "")), list(p.getProperty("peers", ""))));
    }

    void write(State state) {
        Properties p = new Properties();
        p.setProperty("members", String.join(",", state.members()));
        p.setProperty("peers", String.join(",", state.peers()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "raftlite cluster state");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).toList();
    }
}
