package org.raftlite.store;

import java.util.List;
import java.util.Optional;
import org.raftlite.db.ChangeFilter;
import org.raftlite.db.RowChange;

/**
 * Where the rows each log entry changed go (rqlite's change data capture): the state machine tells it, in log
 * order on RAFT's thread, what every entry changed once SQLite committed it. {@code cdc} implements it; when CDC is
 * off, {@link #filter()} is empty, nothing is captured and only {@link #start} and {@link #stop} are called.
 */
public interface ChangeFeed {

    /** What the node does for the feed. */
    interface Node {
        boolean isLeader();

        /** Proposes a {@code CDC_MARK} entry: every node may forget the events up to {@code index}. */
        void proposeMark(long index) throws Exception;
    }

    /** What the writer captures; empty when CDC is off. */
    Optional<ChangeFilter> filter();

    /** The node is open: the feed may transmit when it leads. */
    void start(Node node);

    /** The rows entry {@code index} changed, committed in SQLite; {@code traceparent} is its proposer's trace. */
    void committed(long index, List<RowChange> changes, String traceparent);

    /** A {@code CDC_MARK} entry was applied here. */
    void marked(long index);

    /**
     * Returns once everything handed to {@link #committed} is on disk. Called before the SQLite file is
     * checkpointed: a restart replays (and so captures again) only the entries after the checkpoint.
     */
    void sync();

    /** The node has stopped applying entries. */
    void stop();
}
