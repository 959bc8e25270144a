package org.raftlite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection's most recently used statements, kept compiled: a batch sends the same INSERT a hundred times,
 * every node compiles what it applies, and point reads repeat one SELECT. A statement is kept only once it has run
 * to its end or had its results closed, which resets it, so a kept one holds no read transaction open (which would
 * stop checkpoints).
 */
final class PreparedCache implements AutoCloseable {

    private static final int MAX_STATEMENTS = 64;
    private static final int MAX_SQL_CHARS = 4096;

    private final Connection conn;
    /** Taken out while in use and put back after, so the first entry is the least recently used. */
    private final Map<String, PreparedStatement> kept = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    PreparedCache(Connection conn) {
        this.conn = conn;
    }

    /** What is done with a compiled statement. */
    interface Use<T> {
        T with(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code use} on the compiled statement for {@code sql}, kept for next time unless the text is long. A
     * statement that fails is dropped: after a schema change SQLite recompiles a kept statement and reports what a
     * fresh compile would, but sqlite-jdbc cannot run that statement again.
     */
    <T> T run(String sql, Use<T> use) throws SQLException {
        PreparedStatement kept = this.kept.remove(sql);
        PreparedStatement ps = kept != null ? kept : conn.prepareStatement(sql);
        T result;
        try {
            ps.clearParameters();
            result = use.with(ps);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            throw e;
        }
        if (sql.length() <= MAX_SQL_CHARS) {
            this.kept.put(sql, ps);
        } else {
            closeQuietly(ps);
        }
        return result;
    }

    /** Closes every kept statement. */
    @Override
    public void close() {
        kept.values().forEach(PreparedCache::closeQuietly);
        kept.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // nothing to keep it for
        }
    }
}
