package org.raftlite.db;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import org.sqlite.SQLiteConnection;

/** The database as a user takes it away ({@code /db/backup}): a SQLite file, or rqlited's SQL text dump. */
public final class Exports {

    static final String BACKUP_PREFIX = "backup-";
    /** The first bytes of every SQLite database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final ReaderPool readers;
    private final Path file;

    Exports(ReaderPool readers, Path file) {
        this.readers = readers;
        this.file = file;
    }

    /**
     * A consistent copy of the database in a new SQLite file beside it, made by SQLite's online backup on a reader
     * while writes go on; the caller deletes it.
     */
    public Path backup() throws SQLException, IOException {
        Path copy = Files.createTempFile(file.getParent(), BACKUP_PREFIX, ".sqlite");
        try {
            readers.with(conn -> conn.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", copy.toString(), null));
            return copy;
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /** Whether {@code data} starts as a SQLite database file does, as rqlited sniffs a {@code /db/load} body. */
    public static boolean isSqliteFile(byte[] data) {
        return data.length >= SQLITE_HEADER.length
                && java.util.Arrays.equals(data, 0, SQLITE_HEADER.length, SQLITE_HEADER, 0, SQLITE_HEADER.length);
    }

    /**
     * The SQL dump of a SQLite file a client sent, which the log carries to every node ({@code /db/load}); a file
     * SQLite cannot read whole ({@code PRAGMA integrity_check}) is refused before anything is replaced.
     */
    public String dumpOf(byte[] data) throws SQLException, IOException {
        Path upload = Files.createTempFile(file.getParent(), BACKUP_PREFIX + "load-", ".sqlite");
        try {
            Files.write(upload, data);
            try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + upload.toAbsolutePath().toUri());
                 var st = conn.createStatement()) {
                try (var rs = st.executeQuery("PRAGMA integrity_check")) {
                    String verdict = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw new SQLException("integrity check: " + verdict);
                    }
                }
                java.io.StringWriter dump = new java.io.StringWriter();
                SqlDump.write(conn, dump, Set.of());
                return dump.toString();
            }
        } finally {
            Files.deleteIfExists(upload);
            Files.deleteIfExists(Path.of(upload + "-wal"));
            Files.deleteIfExists(Path.of(upload + "-shm"));
        }
    }

    /** rqlited's SQL text dump of {@code tables}, or of every table when it is empty. */
    public void dump(Writer out, Set<String> tables) throws SQLException, IOException {
        readers.with(conn -> {
            SqlDump.write(conn, out, tables);
            return null;
        });
    }
}
