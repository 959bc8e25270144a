package org.raftlite.command;

import java.util.List;

/**
 * What the state machine runs, as it travels through the Raft log: the statements of one request (or one queued
 * batch), already rewritten, and how to run them.
 *
 * @param kind         how the state machine runs the statements
 * @param statements   the statements, in order
 * @param transaction  run them in one SQLite transaction, stopping at the first error
 * @param timings      measure each statement
 * @param dbTimeoutMs  per-statement interrupt, 0 for none
 * @param batch        the queued batch these statements are, applied once however often sent; null for others
 */
public record Command(Kind kind, List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs,
                      Batch batch) {

    /** How the state machine treats the statements of an entry. */
    public enum Kind {
        /** Only writes: each answers with last_insert_id/rows_affected (or rows for RETURNING). */
        EXECUTE,
        /** A strong read: each statement answers with rows. */
        QUERY,
        /** The unified endpoint: each statement is classified and answers accordingly. */
        REQUEST,
        /** The entry a new leader appends; it changes nothing. */
        NOOP,
        /** A node's metadata joins or changes; the entry carries a {@link NodeMeta}. */
        NODE_META,
        /** A node leaves the cluster; the entry carries its {@link NodeMeta} (only the id counts). */
        NODE_REMOVED,
        /** {@code /db/load} of SQL text: its one statement is a dump, run whole in one transaction or not at all. */
        LOAD,
        /** {@code /db/load} of a SQLite file, as its dump, after everything there was is dropped: one transaction. */
        REPLACE,
        /**
         * The CDC high-water mark the leader has delivered up to, which every node's FIFO may forget: the index
         * travels in the place of {@code dbTimeoutMs}, since the entry has no statements ({@link #cdcMark()}).
         */
        CDC_MARK
    }

    public Command {
        statements = List.copyOf(statements);
    }

    public Command(Kind kind, List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs) {
        this(kind, statements, transaction, timings, dbTimeoutMs, null);
    }

    public static Command noop() {
        return control(Kind.NOOP);
    }

    /** The entry that tells every node the CDC events up to {@code index} were delivered. */
    public static Command cdcMark(long index) {
        return new Command(Kind.CDC_MARK, List.of(), false, false, index);
    }

    /** The high-water mark a {@link Kind#CDC_MARK} entry carries; 0 for any other. */
    public long cdcMark() {
        return kind == Kind.CDC_MARK ? dbTimeoutMs : 0;
    }

    /** An entry without statements: a no-op or a change of node metadata. */
    public static Command control(Kind kind) {
        return new Command(kind, List.of(), false, false, 0);
    }
}
