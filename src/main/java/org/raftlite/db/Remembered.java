package org.raftlite.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

    /** The remembered answer for {@code sql}, worked out by {@code work} (and remembered) when there is none. */
    public V of(String sql, Function<String, V> work) {
        V known = answers.get(sql);
        if (known != null) {
            return known;
        }
        V answer = work.apply(sql);
        put(sql, answer);
        return answer;
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
