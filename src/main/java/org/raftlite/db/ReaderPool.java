package org.raftlite.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;
import org.raftlite.command.Statement;
import org.raftlite.command.StatementResult;

/**
 * The query-only connections to the SQLite file, for every thread but the applying one: borrowed for a read and
 * given back, up to {@link #MAX_IDLE} kept open. Readers share the file; replacing it ({@link #exclusive}) waits
 * for them to finish and closes the idle ones, whose view of the old file must not survive.
 */
final class ReaderPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReaderPool.class);
    private static final int MAX_IDLE = 16;

    /** Opens a new query-only connection to the file. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    /** What is done with a borrowed connection. */
    interface Work<T> {
        T run(Connection conn) throws SQLException, IOException;
    }

    /** What is done while no reader uses the file. */
    interface Swap {
        void run() throws SQLException, IOException;
    }

    private record Reader(Connection conn, StatementRunner runner) {
    }

    private final Connector connector;
    private final ScheduledExecutorService interrupter;
    private final ReadOnlyClassifier classifier;
    private final StatementObserver observer;
    /** Readers share it; replacing the whole file takes it exclusively. */
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    private final ConcurrentLinkedQueue<Reader> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    ReaderPool(Connector connector, ScheduledExecutorService interrupter, ReadOnlyClassifier classifier,
               StatementObserver observer) {
        this.connector = connector;
        this.interrupter = interrupter;
        this.classifier = classifier;
        this.observer = observer;
    }

    /** Runs reads; a write is refused with rqlite's message. */
    List<StatementResult> query(List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs)
            throws SQLException {
        swap.readLock().lock();
        return readLocked(statements, transaction, timings, dbTimeoutMs);
    }

    /** As {@link #query}, but null, with nothing run, when the file is being replaced and the read would wait. */
    List<StatementResult> queryNow(List<Statement> statements, boolean transaction, boolean timings,
                                   long dbTimeoutMs) throws SQLException {
        if (!swap.readLock().tryLock()) {
            return null;
        }
        return readLocked(statements, transaction, timings, dbTimeoutMs);
    }

    /** Runs reads with the swap lock held for reading, which it releases. */
    private List<StatementResult> readLocked(List<Statement> statements, boolean transaction, boolean timings,
                                             long dbTimeoutMs) throws SQLException {
        Reader reader = null;
        try {
            reader = borrow();
            return reader.runner().run(statements, StatementRunner.Mode.QUERY, transaction, timings, dbTimeoutMs);
        } finally {
            if (reader != null) {
                giveBack(reader);
            }
            swap.readLock().unlock();
        }
    }

    /** Runs {@code work} on a borrowed connection. */
    <T> T with(Work<T> work) throws SQLException, IOException {
        swap.readLock().lock();
        Reader reader = null;
        try {
            reader = borrow();
            return work.run(reader.conn());
        } finally {
            if (reader != null) {
                giveBack(reader);
            }
            swap.readLock().unlock();
        }
    }

    /** Runs {@code change} once no reader uses the file, with the idle connections closed. */
    void exclusive(Swap change) throws SQLException, IOException {
        swap.writeLock().lock();
        try {
            closeIdle();
            change.run();
        } finally {
            swap.writeLock().unlock();
        }
    }

    private Reader borrow() throws SQLException {
        Reader reader = idle.poll();
        if (reader != null) {
            idleCount.decrementAndGet();
            return reader;
        }
        Connection conn = connector.connect();
        return new Reader(conn, new StatementRunner(conn, interrupter, classifier, observer));
    }

    private void giveBack(Reader reader) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offer(reader);
            return;
        }
        idleCount.decrementAndGet();
        closeQuietly(reader);
    }

    private void closeIdle() {
        Reader reader;
        while ((reader = idle.poll()) != null) {
            idleCount.decrementAndGet();
            closeQuietly(reader);
        }
    }

    @Override
    public void close() {
        closeIdle();
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.runner().close();
            reader.conn().close();
        } catch (SQLException e) {
            LOG.debugf("closing a reader: %s", e.getMessage());
        }
    }
}
