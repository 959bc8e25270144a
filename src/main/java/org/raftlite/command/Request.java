package org.raftlite.command;

import java.util.List;

/**
 * What a client asked for, as it travels through the Raft log: the statements of one HTTP request, already
 * rewritten, and how to run them.
 *
 * @param kind         how the state machine runs the statements
 * @param statements   the statements, in order
 * @param transaction  run them in one SQLite transaction, stopping at the first error
 * @param timings      measure each statement
 * @param dbTimeoutMs  per-statement interrupt, 0 for none
 */
public record Request(Kind kind, List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs) {

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
        NODE_REMOVED
    }

    public Request {
        statements = List.copyOf(statements);
    }

    public static Request noop() {
        return control(Kind.NOOP);
    }

    /** An entry without statements: a no-op or a change of node metadata. */
    public static Request control(Kind kind) {
        return new Request(kind, List.of(), false, false, 0);
    }
}
