package org.raftlite.cdc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.raftlite.db.SqliteLibrary;

/**
 * The node's CDC queue on disk ({@code <data>/cdc/fifo.db}, SQLite in WAL mode): batches of events, each in
 * {@link BatchCodec}'s form, keyed by the highest Raft index in it, so that a batch whose entries a restart replays
 * is not queued twice; and the high-water mark, the last key the cluster knows was delivered. It outlives
 * {@code kill -9} on its own (a commit is in the WAL before the call returns); {@link #sync} also makes it outlive
 * the machine.
 * Kept apart from the Raft log, so log truncation never loses an event.
 */
final class Fifo implements AutoCloseable {

    /** One queued batch: its key, its bytes, and the trace contexts of the writes it carries. */
    record Item(long key, byte[] body, List<String> traces) {
    }

    private final Path dir;
    private final Connection conn;
    private final PreparedStatement insert;
    private final PreparedStatement next;
    private final PreparedStatement prune;
    private long lastKey;
    private long length;
    private long bytes;

    Fifo(Path dir) throws Exception {
        SqliteLibrary.useUnpackedCopy();
        Files.createDirectories(dir);
        this.dir = dir;
        conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fifo.db").toAbsolutePath());
        try (var st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("CREATE TABLE IF NOT EXISTS batches(key INTEGER PRIMARY KEY, body BLOB NOT NULL,"
                    + " traces TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS marks(name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            try (ResultSet rs = st.executeQuery("SELECT ifnull(max(key), 0), count(*), ifnull(sum(length(body)), 0)"
                    + " FROM batches")) {
                rs.next();
                lastKey = Math.max(rs.getLong(1), highWatermark());
                length = rs.getLong(2);
                bytes = rs.getLong(3);
            }
        }
        insert = conn.prepareStatement("INSERT INTO batches(key, body, traces) VALUES (?, ?, ?)");
        next = conn.prepareStatement("SELECT key, body, traces FROM batches WHERE key > ? ORDER BY key LIMIT 1");
        prune = conn.prepareStatement("DELETE FROM batches WHERE key <= ?");
    }

    Path dir() {
        return dir;
    }

    /** Queues a batch; false (and nothing queued) when a batch with this key or a later one was queued before. */
    synchronized boolean enqueue(long key, byte[] body, List<String> traces) throws SQLException {
        if (key <= lastKey) {
            return false;
        }
        insert.setLong(1, key);
        insert.setBytes(2, body);
        insert.setString(3, String.join(",", traces));
        insert.executeUpdate();
        lastKey = key;
        length++;
        bytes += body.length;
        return true;
    }

    /** The first batch after {@code key}. */
    synchronized Optional<Item> after(long key) throws SQLException {
        next.setLong(1, key);
        try (ResultSet rs = next.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String traces = rs.getString(3);
            return Optional.of(new Item(rs.getLong(1), rs.getBytes(2),
                    traces.isEmpty() ? List.of() : List.of(traces.split(","))));
        }
    }

    /** Forgets the batches up to {@code mark}, which the cluster knows were delivered, and remembers the mark. */
    synchronized void deliveredUpTo(long mark) throws SQLException {
        if (mark <= highWatermark()) {
            return;
        }
        prune.setLong(1, mark);
        prune.executeUpdate();
        try (var st = conn.createStatement()) {
            st.executeUpdate("INSERT INTO marks(name, value) VALUES ('high_watermark', " + mark
                    + ") ON CONFLICT(name) DO UPDATE SET value = excluded.value");
            try (ResultSet rs = st.executeQuery("SELECT count(*), ifnull(sum(length(body)), 0) FROM batches")) {
                rs.next();
                length = rs.getLong(1);
                bytes = rs.getLong(2);
            }
        }
        lastKey = Math.max(lastKey, mark);
    }

    /** The last mark the cluster agreed was delivered, 0 when none. */
    synchronized long highWatermark() throws SQLException {
        try (var st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM marks WHERE name = 'high_watermark'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The key of the last batch queued, or the high-water mark if that is later. */
    synchronized long lastKey() {
        return lastKey;
    }

    synchronized long length() {
        return length;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Everything queued is on disk, fsync'd: a checkpoint of the WAL into the file. */
    synchronized void sync() throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(FULL)");
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        insert.close();
        next.close();
        prune.close();
        conn.close();
    }
}
