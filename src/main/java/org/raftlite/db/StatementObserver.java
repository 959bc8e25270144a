package org.raftlite.db;

/**
 * Watches every SQL statement the database runs, so that telemetry can time it and trace it without this package
 * knowing about OpenTelemetry. {@link #NONE} costs nothing: with telemetry off, the write path stays as it was.
 */
public interface StatementObserver {

    StatementObserver NONE = sql -> Finish.NONE;

    /** Called on the thread that is about to run {@code sql}. */
    Finish start(String sql);

    /** The end of one statement. */
    interface Finish {

        Finish NONE = errorType -> {
        };

        /** @param errorType null when the statement succeeded, otherwise a short, low-cardinality error class */
        void end(String errorType);
    }
}
