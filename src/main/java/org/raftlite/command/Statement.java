package org.raftlite.command;

import java.util.List;

/**
 * One SQL statement with its parameters. {@code returnsRows} marks a write that must answer with rows
 * (a {@code RETURNING} clause), so the executor treats it as a query.
 */
public record Statement(String sql, List<Param> params, boolean returnsRows) {

    public Statement {
        params = List.copyOf(params);
    }

    public static Statement of(String sql) {
        return new Statement(sql, List.of(), false);
    }
}
