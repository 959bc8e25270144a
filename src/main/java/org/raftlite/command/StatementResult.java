package org.raftlite.command;

import java.util.List;

/** The answer to one statement: either an execute result or rows. {@code time} is seconds, or -1 when untimed. */
public sealed interface StatementResult {

    String error();

    double time();

    /** An execute result: {@code last_insert_id, rows_affected}. */
    record Executed(long lastInsertId, long rowsAffected, String error, double time) implements StatementResult {
    }

    /**
     * Rows of a query. {@code values} holds {@code null}, {@link Long}, {@link Double}, {@link String},
     * {@link Boolean} or {@code byte[]};
     */
    record Rows(List<String> columns, List<String> types, List<List<Object>> values, String error, double time)
            implements StatementResult {
    }

    static StatementResult failed(String error) {
        return new Executed(0, 0, error, -1);
    }
}
