package org.raftlite.store;

import java.nio.file.Path;

/**
 * A snapshot's SQLite file as this node serves it to a follower that installs the snapshot, and the names of the
 * HTTP path and headers that carry it between nodes.
 */
public record SnapshotFile(long index, long term, long size, long crc32c, Path path) {

    public static final String PATH = "/raftlite/snapshot";
    public static final String INDEX_HEADER = "X-Raftlite-Snapshot-Index";
    public static final String TERM_HEADER = "X-Raftlite-Snapshot-Term";
    public static final String CRC_HEADER = "X-Raftlite-Snapshot-Crc32c";
}
