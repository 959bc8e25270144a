package org.raftlite.db;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import org.sqlite.SQLiteConnection;

/** The database as a user takes it away ({@code /db/backup}): a SQLite file, or rqlited's SQL text dump. */
public final class Exports {

    static final String BACKUP_PREFIX = "backup-";

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

    /** rqlited's SQL text dump of {@code tables}, or of every table when it is empty. */
    public void dump(Writer out, Set<String> tables) throws SQLException, IOException {
        readers.with(conn -> {
            SqlDump.write(conn, out, tables);
            return null;
        });
    }
}
