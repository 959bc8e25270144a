package org.raftlite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.raftlite.command.Param;
import org.raftlite.command.Statement;
import org.raftlite.command.StatementResult;
import org.sqlite.SQLiteConnection;

/**
 * Runs the statements of one request on one connection and collects rqlite's per-statement results. With
 * {@code transaction}, the statements share one SQLite transaction that the first error rolls back and ends.
 * Just over 300 lines: rqlited's exec and query loops, their parameter handling and their counters read best side
 * by side.
 */
final class StatementRunner {

    static final String WRITE_IN_QUERY = "attempt to change database via query operation";
    private static final Set<String> TRANSACTION_WORDS =
            Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");
    /** Every node asks this of every statement it applies, and a batch repeats one text many times. */
    private static final Remembered<Boolean> TRANSACTION_CONTROL = new Remembered<>();

    /** How each statement is answered. */
    enum Mode { EXECUTE, QUERY, REQUEST }

    private final Connection conn;
    private final SQLiteConnection sqlite;
    private final ScheduledExecutorService interrupter;
    private final ReadOnlyClassifier classifier;
    private final StatementObserver observer;
    private PreparedStatement lastInsertRowid;
    /** The connection's last insert rowid as last asked, and its total change count then. */
    private long rowid;
    private long changesAtRowid;
    private final PreparedCache writes;
    private final PreparedCache reads;
    /** Told of each statement before it runs, when the rows changed are captured; null otherwise. */
    private final ChangeCapture capture;

    StatementRunner(Connection conn, ScheduledExecutorService interrupter, ReadOnlyClassifier classifier,
                    StatementObserver observer) throws SQLException {
        this(conn, interrupter, classifier, observer, null);
    }

    StatementRunner(Connection conn, ScheduledExecutorService interrupter, ReadOnlyClassifier classifier,
                    StatementObserver observer, ChangeCapture capture) throws SQLException {
        this.capture = capture;
        this.conn = conn;
        this.sqlite = conn.unwrap(SQLiteConnection.class);
        this.writes = new PreparedCache(conn);
        this.reads = new PreparedCache(conn);
        this.interrupter = interrupter;
        this.classifier = classifier;
        this.observer = observer;
    }

    List<StatementResult> run(List<Statement> statements, Mode mode, boolean transaction, boolean timings,
                              long timeoutMs) throws SQLException {
        List<StatementResult> results = new ArrayList<>(statements.size());
        if (transaction) {
            exec("BEGIN");
        }
        for (Statement statement : statements) {
            if (statement.sql().isBlank()) {
                continue;
            }
            StatementResult result = runOne(statement, mode, timings, timeoutMs);
            results.add(result);
            if (transaction && result.error() != null) {
                exec("ROLLBACK");
                return results;
            }
        }
        if (transaction) {
            exec("COMMIT");
        }
        return results;
    }

    /**
     * Whether statements may run inside a transaction that others share: not those that ask for a transaction of
     * their own, control transactions themselves, or have a time limit (interrupting one would roll back the rest).
     */
    static boolean shareable(List<Statement> statements, boolean transaction, long timeoutMs) {
        return !transaction && timeoutMs <= 0 && statements.stream().noneMatch(s -> TRANSACTION_CONTROL.of(s.sql(),
                StatementRunner::controlsTransaction));
    }

    /** A transaction statement, or text holding more than one statement. */
    private static boolean controlsTransaction(String sql) {
        List<String> starts = SqlTokens.statementStarts(sql);
        return starts.size() > 1 || starts.size() == 1 && TRANSACTION_WORDS.contains(starts.get(0));
    }

    /**
     * Runs a dump as one transaction: its own transaction statements are left out, since it runs inside this one,
     * and any error undoes all of it. With {@code replace}, every table and view there was is dropped first (their
     * indexes and triggers with them); foreign keys are checked only at the end, as a dump writes tables by name.
     */
    StatementResult load(String dump, boolean replace) {
        try {
            exec("BEGIN");
            exec("PRAGMA defer_foreign_keys=ON");
            if (replace) {
                dropEverything();
            }
            for (String part : SqlTokens.statements(dump)) {
                List<String> starts = part.isEmpty() ? List.of() : SqlTokens.statementStarts(part);
                if (!starts.isEmpty() && !TRANSACTION_WORDS.contains(starts.get(0))) {
                    beforeStatement(part);
                    exec(part);
                }
            }
            exec("COMMIT");
            return new StatementResult.Executed(lastInsertRowid(), sqlite.getDatabase().changes(), null, -1);
        } catch (SQLException e) {
            rollbackQuietly();
            return StatementResult.failed(SqliteErrors.message(e));
        }
    }

    private void dropEverything() throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (java.sql.Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table')"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table'")) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] object : objects) {
            exec("DROP " + object[0].toUpperCase() + " \"" + object[1].replace("\"", "\"\"") + "\"");
        }
    }

    void begin() throws SQLException {
        exec("BEGIN");
    }

    void commit() throws SQLException {
        exec("COMMIT");
    }

    /**
     * Runs the statements inside the open transaction. A failed statement leaves it as autocommit would have left
     * that statement (undone, or partly done with OR FAIL), and the others go on. But some errors end SQLite's
     * whole transaction (OR ROLLBACK, RAISE(ROLLBACK), I/O errors): then everything since BEGIN is undone and null
     * returned, since only running the statements again, each on its own, gives their outcome exactly.
     */
    List<StatementResult> runInTransaction(List<Statement> statements, Mode mode, boolean timings) {
        List<StatementResult> results = new ArrayList<>(statements.size());
        for (Statement statement : statements) {
            if (statement.sql().isBlank()) {
                continue;
            }
            StatementResult result = runOne(statement, mode, timings, 0);
            if (result.error() != null && transactionEnded()) {
                rollbackQuietly();
                return null;
            }
            results.add(result);
        }
        return results;
    }

    /** Whether SQLite ended the transaction: BEGIN fails inside one (and opens a new one otherwise). */
    private boolean transactionEnded() {
        try {
            exec("BEGIN");
            return true;
        } catch (SQLException stillInside) {
            return false;
        }
    }

    void rollbackQuietly() {
        if (capture != null) {
            capture.unsure();
        }
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            // SQLite has already ended the transaction
        }
    }

    private StatementResult runOne(Statement statement, Mode mode, boolean timings, long timeoutMs) {
        StatementObserver.Finish finish = observer.start(statement.sql());
        long start = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = timeoutMs > 0 ? interrupter.schedule(() -> {
            timedOut.set(true);
            interrupt();
        }, timeoutMs, TimeUnit.MILLISECONDS) : null;
        boolean query = true;
        try {
            query = answersWithRows(statement, mode);
            StatementResult result = query ? query(statement, mode, start, timings)
                    : execute(statement, start, timings);
            finish.end(null);
            return result;
        } catch (WriteInQuery e) {
            finish.end("write_in_query");
            return StatementResult.failed(WRITE_IN_QUERY);
        } catch (SQLException e) {
            if (capture != null) {
                capture.unsure();
            }
            if (timedOut.get()) {
                finish.end("timeout");
                return StatementResult.failed(query ? "query timeout" : "execute timeout");
            }
            finish.end(SqliteErrors.type(e));
            return StatementResult.failed(SqliteErrors.message(e));
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** A write with RETURNING answers with rows, unless other statements share its text: then all of them run. */
    private boolean answersWithRows(Statement statement, Mode mode) {
        boolean returning = statement.returnsRows() && SqlTokens.statements(statement.sql()).size() == 1;
        return switch (mode) {
            case EXECUTE -> returning;
            case QUERY -> true;
            case REQUEST -> returning || readOnlyOrBroken(statement.sql());
        };
    }

    /**
     * Whether {@code sql} only reads, judged as rqlited judges a request's statement: by the first statement of
     * its text. One that does not compile is run as a query, so that its error is SQLite's own.
     */
    private boolean readOnlyOrBroken(String sql) {
        try {
            return classifier.isReadOnly(conn, sql);
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Answers with the rows of the last statement of the text, as rqlited's driver does: the ones before it are
     * compiled, so that their errors are reported, and never run. Only a statement that reads may run here
     * (a query's, or the last of several), and the one compiled for an earlier read of the same text is run
     * again; that stays right across schema changes, since SQLite recompiles it and sqlite-jdbc reads the columns
     * afresh for every result set.
     */
    private StatementResult query(Statement statement, Mode mode, long start, boolean timings) throws SQLException {
        List<String> parts = SqlTokens.statements(statement.sql());
        int taken = 0;
        for (int i = 0; i < parts.size() - 1; i++) {
            if (!parts.get(i).isEmpty()) {
                try (PreparedStatement skipped = conn.prepareStatement(parts.get(i))) {
                    taken += ParamBinder.bindPart(skipped, parts.get(i), statement.params(), taken, false);
                }
            }
        }
        String last = parts.get(parts.size() - 1);
        if (last.isEmpty()) {
            return new StatementResult.Rows(List.of(), List.of(), List.of(), null, elapsed(start, timings));
        }
        if ((mode == Mode.QUERY || parts.size() > 1) && !classifier.isReadOnly(conn, last)) {
            throw new WriteInQuery();
        }
        int from = taken;
        if (mode != Mode.QUERY) {
            beforeStatement(last);
        }
        return reads.run(last, ps -> rows(ps, last, statement.params(), from, start, timings));
    }

    private static StatementResult rows(PreparedStatement ps, String sql, List<Param> params, int taken, long start,
                                        boolean timings) throws SQLException {
        ParamBinder.bindPart(ps, sql, params, taken, false);
        if (!ps.execute()) {
            return new StatementResult.Rows(List.of(), List.of(), List.of(), null, elapsed(start, timings));
        }
        try (ResultSet rs = ps.getResultSet()) {
            return RowReader.read(rs, start, timings);
        }
    }

    /**
     * Runs every statement of the text in turn, each taking its parameters as rqlited's driver hands them out, and
     * answers as rqlited does: with SQLite's last insert rowid and change count of the connection after the last
     * one. Those are left from the last row change when a statement changes none (DDL, a SELECT, an UPDATE that
     * matches nothing), as in rqlited; both are 0 when the text ends in a part with no statement.
     */
    private StatementResult execute(Statement statement, long start, boolean timings) throws SQLException {
        List<String> parts = SqlTokens.statements(statement.sql());
        int taken = 0;
        boolean ranLast = false;
        for (String part : parts) {
            ranLast = !part.isEmpty();
            if (ranLast) {
                beforeStatement(part);
                int from = taken;
                taken += writes.run(part, ps -> {
                    int took = ParamBinder.bindPart(ps, part, statement.params(), from, true);
                    if (ps.execute()) {
                        // a SELECT steps once, as in rqlited; closing its rows resets it, so that the kept statement
                        // holds no read open (which would lock tables against DROP and stop checkpoints)
                        ps.getResultSet().close();
                    }
                    return took;
                });
            }
        }
        if (!ranLast) {
            return new StatementResult.Executed(0, 0, null, elapsed(start, timings));
        }
        return new StatementResult.Executed(lastInsertRowid(), sqlite.getDatabase().changes(), null,
                elapsed(start, timings));
    }

    /** SQLite's last insert rowid, asked again only after a row changed, since nothing else moves it. */
    private long lastInsertRowid() throws SQLException {
        long changed = sqlite.getDatabase().total_changes();
        if (changed == changesAtRowid) {
            return rowid;
        }
        if (lastInsertRowid == null) {
            lastInsertRowid = conn.prepareStatement("SELECT last_insert_rowid()");
        }
        try (ResultSet rs = lastInsertRowid.executeQuery()) {
            rowid = rs.next() ? rs.getLong(1) : 0;
        }
        changesAtRowid = changed;
        return rowid;
    }

    private void beforeStatement(String sql) {
        if (capture != null) {
            capture.beforeStatement(sql);
        }
    }

    private void exec(String sql) throws SQLException {
        try (java.sql.Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private void interrupt() {
        try {
            sqlite.getDatabase().interrupt();
        } catch (SQLException ignored) {
            // the statement finished in the meantime
        }
    }

    private static double elapsed(long start, boolean timings) {
        return timings ? (System.nanoTime() - start) / 1e9 : -1;
    }

    void close() throws SQLException {
        writes.close();
        reads.close();
        if (lastInsertRowid != null) {
            lastInsertRowid.close();
        }
    }

    private static final class WriteInQuery extends SQLException {
        WriteInQuery() {
            super(WRITE_IN_QUERY, null, 0, null);
        }
    }
}
