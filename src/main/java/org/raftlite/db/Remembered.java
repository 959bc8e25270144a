package org.raftlite.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers worked out per SQL text (compiling it, tokenizing it), remembered because statements repeat. Bounded in
 * entries, and long texts (statements carrying their data) are not kept: they rarely repeat and would cost their
 * size in memory.
 */
public final class Remembered<V> {

    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_SQL_LENGTH = 2048;

    private final Map<String, V> answers = new ConcurrentHashMap<>();

    /** The answer for {@code sql}, or null when none is remembered. */
    public V get(String sql) {
        return answers.get(sql);
    }

    public void put(String sql, V answer) {
        if (sql.length() > MAX_SQL_LENGTH) {
            return;
        }
        if (answers.size() >= MAX_ENTRIES) {
            answers.clear();
        }
        answers.put(sql, answer);
    }
}
