package org.raftlite.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final SnapshotStore store;
    private final String self;
    private final Duration deadline;

    SnapshotFetcher(SnapshotStore store, String self, Duration deadline) {
        this.store = store;
        this.self = self;
        this.deadline = deadline;
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

    private SnapshotStore.Copy fetchFrom(NodeMeta source, long minIndex) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + source.apiAddr() + SnapshotFile.PATH
                + "?min_index=" + minIndex)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(source.id() + " answered " + response.statusCode());
            }
            long index = header(response, SnapshotFile.INDEX_HEADER);
            long size = header(response, "Content-Length");
            SnapshotStore.Copy copy = store.receive(body, index, header(response, SnapshotFile.TERM_HEADER), size,
                    header(response, SnapshotFile.CRC_HEADER));
            LOG.infof("snapshot at index %d (%d bytes) fetched from node %s", index, size, source.id());
            return copy;
        }
    }

    private static long header(HttpResponse<?> response, String name) throws IOException {
        return Long.parseLong(response.headers().firstValue(name)
                .orElseThrow(() -> new IOException("no " + name + " header")));
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
