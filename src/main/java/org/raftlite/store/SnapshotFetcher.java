package org.raftlite.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.raftlite.command.NodeMeta;
import org.raftlite.db.SnapshotStore;

/**
 * Streams a snapshot's SQLite file from a node that holds it (DESIGN.md decision 4): over HTTP, in chunks straight
 * to disk, verified by size and CRC32C before it counts. Asks the node that wrote the snapshot first, then every
 * other node it knows, again and again until the deadline.
 */
final class SnapshotFetcher {

    private static final Logger LOG = Logger.getLogger(SnapshotFetcher.class);
    private static final long RETRY_MILLIS = 1000;
    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private final SnapshotStore store;
    private final String self;
    private final Duration deadline;
    private final Optional<String> authorization;

    SnapshotFetcher(SnapshotStore store, String self, Duration deadline, Optional<String> authorization) {
        this.store = store;
        this.self = self;
        this.deadline = deadline;
        this.authorization = authorization;
    }

    /** A copy at {@code minIndex} or later from one of {@code nodes}, the {@code holder} first. */
    SnapshotStore.Copy fetch(long minIndex, String holder, List<NodeMeta> nodes) throws IOException {
        List<NodeMeta> sources = new ArrayList<>(nodes.stream().filter(n -> !n.id().equals(self)).toList());
        sources.sort((a, b) -> Boolean.compare(!a.id().equals(holder), !b.id().equals(holder)));
        long end = System.nanoTime() + deadline.toNanos();
        IOException last = new IOException("no node to fetch the snapshot at index " + minIndex + " from");
        while (System.nanoTime() < end) {
            for (NodeMeta source : sources) {
                try {
                    return fetchFrom(source, minIndex);
                } catch (IOException e) {
                    last = e;
                    LOG.debugf("snapshot at index %d not fetched from %s: %s", minIndex, source.id(), e.getMessage());
                }
            }
            sleep();
        }
        throw last;
    }

    /**
     * One attempt. HttpURLConnection rather than the JDK HttpClient: its read timeout applies to every read, so a
     * source that stops sending mid-file releases RAFT's thread instead of holding it.
     */
    private SnapshotStore.Copy fetchFrom(NodeMeta source, long minIndex) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) URI.create("http://" + source.apiAddr() + SnapshotFile.PATH
                + "?min_index=" + minIndex).toURL().openConnection();
        conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
        conn.setReadTimeout(READ_TIMEOUT_MS);
        authorization.ifPresent(value -> conn.setRequestProperty("Authorization", value));
        try {
            if (conn.getResponseCode() == 401) {
                throw new IOException(source.id() + " answered 401: with -auth, -join-as must name a user with the"
                        + " join permission");
            }
            if (conn.getResponseCode() != 200) {
                throw new IOException(source.id() + " answered " + conn.getResponseCode());
            }
            long index = header(conn, SnapshotFile.INDEX_HEADER);
            long size = header(conn, "Content-Length");
            try (InputStream body = conn.getInputStream()) {
                SnapshotStore.Copy copy = store.receive(body, index, header(conn, SnapshotFile.TERM_HEADER), size,
                        header(conn, SnapshotFile.CRC_HEADER));
                LOG.infof("snapshot at index %d (%d bytes) fetched from node %s", index, size, source.id());
                return copy;
            }
        } finally {
            conn.disconnect();
        }
    }

    private static long header(HttpURLConnection conn, String name) throws IOException {
        String value = conn.getHeaderField(name);
        if (value == null) {
            throw new IOException("no " + name + " header");
        }
        return Long.parseLong(value);
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching a snapshot", e);
        }
    }
}
