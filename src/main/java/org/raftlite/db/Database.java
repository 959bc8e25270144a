package org.raftlite.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;
import org.raftlite.command.Command;
import org.raftlite.command.Statement;
import org.raftlite.command.StatementResult;
import org.sqlite.SQLiteConfig;

/**
 * The node's SQLite file: one writer connection, used only by the thread that applies log entries (alone, or in a
 * transaction several entries share), and the {@link ReaderPool} of query-only connections for everything else. In
 * WAL mode readers never block the writer. The main file changes only at {@link #checkpoint}, which leaves a
 * {@link Fingerprint} beside it, and when a snapshot copy replaces it ({@link #install}). Backups and dumps are
 * {@link Exports}'; the snapshot copies themselves, {@link SnapshotStore}'s. Over 300 lines because opening,
 * checkpointing and installing all change the writer and the file together, which this class alone may do.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class);

    static {
        SqliteLibrary.useUnpackedCopy();
    }

    private static final int MAX_SQL_LENGTH = 1_000_000_000;
    /**
     * SQLite's "unix-excl" file system: the node takes the file for itself with one lock when it opens it and keeps
     * the WAL index in its own memory, so a read no longer costs the two fcntl calls (and, between event loops, the
     * mutex wait) with which the default one locks and unlocks a slot of the shared {@code -shm} file; on this
     * machine's system calls those were a tenth of a weak read. Only this process may open the file meanwhile:
     * another one gets "database is locked", where before it could have read the live file under the node.
     */
    private static final String VFS = "unix-excl";

    private final Path file;
    private final Path fingerprintFile;
    private final boolean foreignKeys;
    private volatile Connection writer;
    private volatile StatementRunner writerRunner;
    /** Whether the writer has a transaction open that several log entries share; applying thread only. */
    private boolean sharing;
    private final ReaderPool readers;
    private final Exports exports;
    private final ScheduledExecutorService interrupter;
    private final ReadOnlyClassifier classifier = new ReadOnlyClassifier();
    private final Fingerprint trusted;
    private final StatementObserver observer;
    private final SnapshotStore snapshots;
    private boolean restoredAtOpen;
    /** What the writer captures for CDC, null when nothing; the capture itself belongs to the writer connection. */
    private final ChangeFilter changeFilter;
    private ChangeCapture capture;

    private Database(Path file, boolean foreignKeys, Fingerprint trusted, StatementObserver observer,
                     SnapshotStore snapshots, ChangeFilter changeFilter) throws SQLException {
        this.file = file;
        this.changeFilter = changeFilter;
        this.observer = observer;
        this.snapshots = snapshots;
        this.fingerprintFile = fingerprintFile(file);
        this.foreignKeys = foreignKeys;
        this.trusted = trusted;
        this.interrupter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlite-interrupter");
            t.setDaemon(true);
            return t;
        });
        this.readers = new ReaderPool(() -> connect(true), interrupter, classifier, observer);
        this.exports = new Exports(readers, file);
        openWriter();
    }

    private void openWriter() throws SQLException {
        writer = connect(false);
        try (var st = writer.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
        }
        capture = changeFilter == null ? null : new ChangeCapture(writer, changeFilter);
        writerRunner = new StatementRunner(writer, interrupter, classifier, observer, capture);
    }

    /**
     * Opens the SQLite file in {@code dir}. A file whose fingerprint matches is kept as it is (its WAL discarded,
     * since the log holds everything after the fingerprint's index); any other is replaced by the newest snapshot
     * copy, or removed when there is none, to be rebuilt from the log. Every statement run on it is shown to
     * {@code observer}.
     */
    public static Database open(Path dir, boolean foreignKeys, StatementObserver observer)
            throws IOException, SQLException {
        return open(dir, foreignKeys, observer, null);
    }

    /** Opens the file as {@link #open(Path, boolean, StatementObserver)} does, capturing the rows it changes. */
    public static Database open(Path dir, boolean foreignKeys, StatementObserver observer, ChangeFilter changes)
            throws IOException, SQLException {
        Files.createDirectories(dir);
        Path file = dir.resolve("db.sqlite");
        Path fp = fingerprintFile(file);
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Fingerprint trusted = Fingerprint.read(fp).filter(f -> f.matches(file)).orElse(null);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
        deleteBackupCopies(dir);
        boolean restored = false;
        if (trusted == null) {
            trusted = rebuild(file, fp, snapshots.latest().orElse(null));
            restored = trusted != null;
        } else {
            LOG.infof("SQLite file %s is current up to Raft index %d", file, trusted.index());
        }
        Database db = new Database(file, foreignKeys, trusted, observer, snapshots, changes);
        db.restoredAtOpen = restored;
        return db;
    }

    /** A main file that fails its fingerprint is never trusted: it starts again from the snapshot copy, if any. */
    private static Fingerprint rebuild(Path file, Path fp, SnapshotStore.Copy copy) throws IOException {
        if (Files.exists(file)) {
            LOG.warnf("SQLite file %s does not match its fingerprint: rebuilding it from %s and the Raft log", file,
                    copy == null ? "nothing" : "the snapshot copy at index " + copy.index());
        }
        Files.deleteIfExists(fp);
        if (copy == null) {
            Files.deleteIfExists(file);
            return null;
        }
        Files.move(staged(file, copy), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Fingerprint trusted = Fingerprint.of(file, copy.index(), copy.term());
        trusted.write(fp);
        return trusted;
    }

    /** Deletes the backup copies a node stopped before it had sent them. */
    private static void deleteBackupCopies(Path dir) throws IOException {
        try (var copies = Files.newDirectoryStream(dir, Exports.BACKUP_PREFIX + "*")) {
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static Path fingerprintFile(Path db) {
        return db.resolveSibling(db.getFileName() + ".fingerprint");
    }

    /** Whether opening replaced the main file by the newest snapshot copy (rqlited's restore at start). */
    public boolean restoredAtOpen() {
        return restoredAtOpen;
    }

    /** The Raft index the file already holds on open, 0 when it was rebuilt. */
    public long trustedIndex() {
        return trusted == null ? 0 : trusted.index();
    }

    public long trustedTerm() {
        return trusted == null ? 0 : trusted.term();
    }

    static SQLiteConfig config(boolean foreignKeys, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(foreignKeys);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        // rqlite accepts statements of any size; sqlite-jdbc's build would stop at 1 MB
        config.setPragma(SQLiteConfig.Pragma.LIMIT_SQL_LENGTH, Integer.toString(MAX_SQL_LENGTH));
        // sqlite-jdbc would prepare and run "SELECT last_insert_rowid()" after every INSERT for getGeneratedKeys,
        // which nothing here calls: the runner asks for the rowid itself, only when a row changed. Set through
        // the setter: toProperties() writes the connection config's value over a jdbc.get_generated_keys pragma
        config.setGetGeneratedKeys(false);
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        return config;
    }

    private Connection connect(boolean readOnly) throws SQLException {
        Connection conn = config(foreignKeys, readOnly)
                .createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?vfs=" + VFS);
        if (readOnly) {
            // not opened read-only: "unix-excl" locks a read-only connection with fcntl all the same, and that
            // lock would replace the process's own; the classifier keeps writes off readers, this is the backstop
            try (var st = conn.createStatement()) {
                st.execute("PRAGMA query_only=1");
            }
        }
        return conn;
    }

    /** Runs a committed log entry on the writer connection. Only the applying thread calls this. */
    public List<StatementResult> apply(Command request) throws SQLException {
        if (request.kind() == Command.Kind.LOAD || request.kind() == Command.Kind.REPLACE) {
            boolean replace = request.kind() == Command.Kind.REPLACE;
            List<StatementResult> results = List.of(writerRunner.load(request.statements().get(0).sql(), replace));
            if (replace && capture != null) {
                // a loaded file replaces the database, as rqlited's load does, without row events
                capture.drain();
            }
            return results;
        }
        return writerRunner.run(request.statements(), mode(request), request.transaction(), request.timings(),
                request.dbTimeoutMs());
    }

    private static StatementRunner.Mode mode(Command request) {
        return switch (request.kind()) {
            case QUERY -> StatementRunner.Mode.QUERY;
            case REQUEST -> StatementRunner.Mode.REQUEST;
            default -> StatementRunner.Mode.EXECUTE;
        };
    }

    /** Whether a log entry may run in the transaction that entries applied together share ({@link #applyShared}). */
    public boolean shareable(Command request) {
        return request.kind() != Command.Kind.LOAD && request.kind() != Command.Kind.REPLACE
                && StatementRunner.shareable(request.statements(), request.transaction(), request.dbTimeoutMs());
    }

    /**
     * Runs a committed log entry inside the transaction it shares with the entries applied before it, opening one
     * if none is; {@link #commitShared} ends it. Null when a statement made SQLite end that transaction: everything
     * since it opened is undone. Only the applying thread calls this.
     */
    public List<StatementResult> applyShared(Command request) throws SQLException {
        if (!sharing) {
            writerRunner.begin();
            sharing = true;
        }
        List<StatementResult> results = writerRunner.runInTransaction(request.statements(), mode(request),
                request.timings());
        sharing = results != null;
        if (!sharing && capture != null) {
            capture.rolledBack();
        }
        return results;
    }

    /** Commits the shared transaction, if one is open; false when that failed and everything in it is undone. */
    public boolean commitShared() {
        if (!sharing) {
            return true;
        }
        sharing = false;
        try {
            writerRunner.commit();
            return true;
        } catch (SQLException e) {
            LOG.warnf("committing entries applied together failed (%s): applying them one by one", e.getMessage());
            writerRunner.rollbackQuietly();
            if (capture != null) {
                capture.rolledBack();
            }
            return false;
        }
    }

    /**
     * The rows changed on the writer since the last call (in the entry just run, which may still be inside the
     * shared transaction), in the order SQLite changed them; empty when nothing is captured. Applying thread only.
     */
    public List<RowChange> takeChanges() {
        if (capture == null) {
            return List.of();
        }
        try {
            return capture.drain();
        } catch (SQLException e) {
            LOG.warnf("CDC: reading the rows changed failed: %s", e.getMessage());
            return List.of();
        }
    }

    /** Runs reads on a pooled read-only connection; a write is refused with rqlite's message. */
    public List<StatementResult> query(List<Statement> statements, boolean transaction, boolean timings,
                                       long dbTimeoutMs) throws SQLException {
        return readers.query(statements, transaction, timings, dbTimeoutMs);
    }

    /**
     * Runs reads as {@link #query} does, unless the file is being replaced: then null, with nothing run, since the
     * read would have to wait. For threads that must not block, such as an HTTP event loop.
     */
    public List<StatementResult> queryNow(List<Statement> statements, boolean transaction, boolean timings,
                                          long dbTimeoutMs) throws SQLException {
        return readers.queryNow(statements, transaction, timings, dbTimeoutMs);
    }

    /** Whether {@code sql} only reads; a statement that does not compile counts as a write, as in rqlite. */
    public boolean isReadOnly(String sql) {
        try {
            return readers.with(conn -> classifier.isReadOnly(conn, sql));
        } catch (SQLException | IOException e) {
            return false;
        }
    }

    /** Backups and dumps of the file, made on readers while writes go on. */
    public Exports exports() {
        return exports;
    }

    /**
     * Moves the WAL into the main file, empties the WAL, fsyncs the file and records its fingerprint at
     * {@code index}. It never waits for readers: when a read keeps the WAL from being copied whole, it returns false
     * and the old fingerprint stays in force.
     */
    public boolean checkpoint(long index, long term) {
        try (var st = writer.createStatement()) {
            st.execute("PRAGMA busy_timeout=0");
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (!rs.next() || rs.getInt(1) != 0) {
                    LOG.debugf("checkpoint at index %d deferred: a read holds the WAL", index);
                    return false;
                }
            } finally {
                st.execute("PRAGMA busy_timeout=5000");
            }
        } catch (SQLException e) {
            LOG.warnf("checkpoint at index %d failed: %s", index, e.getMessage());
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
            Fingerprint.of(file, index, term).write(fingerprintFile);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checkpoints the file at {@code index} and stores a durable copy of it, the state a Raft snapshot at that index
     * stands for. Only the applying thread calls this, so no write can slip in meanwhile.
     *
     * @throws IOException when a long read keeps the WAL from being checkpointed: the snapshot is abandoned
     */
    public SnapshotStore.Copy snapshot(long index, long term) throws IOException {
        if (!checkpoint(index, term)) {
            throw new IOException("a long read keeps the WAL from being checkpointed; snapshot at " + index
                    + " abandoned");
        }
        return snapshots.capture(file, index, term);
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** A snapshot copy beside the main file, fsync'd, ready to be renamed over it. */
    private static Path staged(Path file, SnapshotStore.Copy copy) throws IOException {
        Path incoming = file.resolveSibling(file.getFileName() + ".incoming");
        Files.copy(copy.path(), incoming, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return incoming;
    }

    /**
     * Replaces the whole file with a snapshot copy, holding readers off meanwhile, and fingerprints it at the copy's
     * index. Only the applying thread calls this.
     */
    public void install(SnapshotStore.Copy copy) throws IOException, SQLException {
        Path incoming = staged(file, copy);
        readers.exclusive(() -> {
            closeWriter();
            Files.deleteIfExists(Path.of(file + "-wal"));
            Files.deleteIfExists(Path.of(file + "-shm"));
            Files.move(incoming, file, StandardCopyOption.REPLACE_EXISTING);
            openWriter();
            checkpoint(copy.index(), copy.term());
        });
        LOG.infof("SQLite file replaced by a snapshot at Raft index %d (%d bytes)", copy.index(), copy.size());
    }

    private void closeWriter() throws SQLException {
        if (capture != null) {
            capture.close();
        }
        writerRunner.close();
        writer.close();
    }

    public Path path() {
        return file;
    }

    public long size() {
        return sizeOf(file);
    }

    public long walSize() {
        return sizeOf(Path.of(file + "-wal"));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The pragmas rqlite reports in /status, for the writer ({@code readOnly=false}) or a reader. */
    public Map<String, String> pragmas(boolean readOnly) {
        try {
            return readOnly ? readers.with(Database::pragmasOf) : pragmasOf(writer);
        } catch (SQLException | IOException e) {
            LOG.debugf("reading pragmas failed: %s", e.getMessage());
            return new LinkedHashMap<>();
        }
    }

    private static Map<String, String> pragmasOf(Connection conn) throws SQLException {
        Map<String, String> pragmas = new LinkedHashMap<>();
        try (var st = conn.createStatement()) {
            for (String name : List.of("busy_timeout", "foreign_keys", "journal_mode", "synchronous",
                    "wal_autocheckpoint")) {
                try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                    pragmas.put(name, rs.next() ? rs.getString(1) : "");
                }
            }
        }
        return pragmas;
    }

    @Override
    public void close() {
        readers.close();
        try {
            closeWriter();
        } catch (SQLException e) {
            LOG.warnf("closing SQLite writer: %s", e.getMessage());
        }
        interrupter.shutdownNow();
    }

}
