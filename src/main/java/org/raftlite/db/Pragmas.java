package org.raftlite.db;

import java.util.regex.Pattern;

/** PRAGMAs that would break the node's control of the SQLite file, refused as rqlite refuses them. */
public final class Pragmas {

    private static final Pattern BREAKING = Pattern.compile(
            "^\\s*pragma\\s+(\\w+\\s*\\.\\s*)?(journal_mode\\s*=|wal_autocheckpoint\\s*=|wal_checkpoint"
                    + "|synchronous\\s*=|query_only\\s*=)",
            Pattern.CASE_INSENSITIVE);

    private Pragmas() {
    }

    public static boolean isDisallowed(String sql) {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        // every read and write asks; the expression costs more than the statement's first word tells
        return sql.regionMatches(true, start, "pragma", 0, 6) && BREAKING.matcher(sql).find();
    }
}
