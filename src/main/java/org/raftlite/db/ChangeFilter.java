package org.raftlite.db;

import java.util.regex.Pattern;

/**
 * Which changes the writer captures for CDC ({@link ChangeCapture}).
 *
 * @param tableFilter only tables whose name this finds a match in (rqlite's {@code table_filter}); null for all
 * @param rowIdsOnly  only the row ids, no column values (rqlite's {@code row_ids_only})
 */
public record ChangeFilter(Pattern tableFilter, boolean rowIdsOnly) {
}
