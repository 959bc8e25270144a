package org.raftlite.command;

import java.util.List;

/**
 * What a client asked of a data endpoint ({@code /db/execute}, {@code /db/query}, {@code /db/request},
 * {@code /db/load}), parsed and
 * validated once by {@code http} and handed whole to the store, which decides where and how it runs.
 *
 * @param endpoint     which endpoint it came to
 * @param statements   the statements, in order, as the client sent them
 * @param transaction  run them in one SQLite transaction, stopping at the first error
 * @param timings      measure each statement
 * @param dbTimeoutMs  per-statement interrupt, 0 for none
 * @param read         how a read is served
 * @param rewrite      which rewrites the statements get before they enter the log
 * @param queue        for a queued write ({@code ?queue}), how it is queued; null otherwise
 * @param batch        the identity of a queued batch another node forwarded here; null otherwise
 * @param traceparent  the client's W3C trace context, null when none
 * @param file         the body of a {@code /db/load} that is a SQLite file (its SQL text is a statement); else null
 */
public record Request(Endpoint endpoint, List<Statement> statements, boolean transaction, boolean timings,
                      long dbTimeoutMs, ReadOptions read, Rewrite rewrite, Queueing queue, Batch batch,
                      String traceparent, byte[] file) {

    /** The endpoint a request came to, which decides how its statements are answered. */
    public enum Endpoint { EXECUTE, QUERY, REQUEST, LOAD }

    /**
     * How a queued write is taken (API.md §10).
     *
     * @param await      {@code &wait}: answer once its batch is applied here
     * @param timeoutMs  how long {@code &wait} waits
     * @param noLeader   {@code &noleader}: queue it even when no leader is known
     */
    public record Queueing(boolean await, long timeoutMs, boolean noLeader) {
    }

    public Request {
        statements = List.copyOf(statements);
    }

    /** A read of level {@code level} with no other options, as the node's own checks make. */
    public static Request read(List<Statement> statements, Level level) {
        return new Request(Endpoint.QUERY, statements, false, false, 0, new ReadOptions(level, 0, false, 0),
                Rewrite.ALL, null, null, null, null);
    }
}
