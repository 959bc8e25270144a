package org.raftlite.db;

import java.util.Map;

/**
 * One row SQLite changed while a log entry was applied, as rqlite's CDC reports it.
 *
 * @param op       what happened to the row
 * @param table    the table the row is in
 * @param oldRowId the row's rowid before the change (0 for an insert, or a table without rowid)
 * @param newRowId the row's rowid after the change (0 for a delete, or a table without rowid)
 * @param before   the row's columns before the change, by name in Go's key order; null for an insert, or when only
 *                 row ids are captured
 * @param after    the row's columns after the change; null for a delete, or when only row ids are captured
 */
public record RowChange(Op op, String table, long oldRowId, long newRowId, Map<String, Object> before,
                        Map<String, Object> after) {

    /** rqlite's names for the three kinds of change. */
    public enum Op { INSERT, UPDATE, DELETE }
}
