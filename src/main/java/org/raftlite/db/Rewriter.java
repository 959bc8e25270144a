package org.raftlite.db;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Makes a statement deterministic before it enters the log (rqlite's statement-based replication): {@code RANDOM()}
 * and {@code RANDOMBLOB(n)} become literals, and {@code 'now'} inside a date/time function becomes the julian day of
 * the moment the request was received. {@code ORDER BY RANDOM()} is left alone, as rqlite does.
 */
public final class Rewriter {

    private static final Set<String> TIME_FUNCTIONS =
            Set.of("date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff");
    private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
    private static final int MAX_RANDOMBLOB = 1 << 20;

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    public Rewriter(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    public Rewriter() {
        this(System::currentTimeMillis);
    }

    /** Whether a statement has a RETURNING clause, and so answers an execute with rows. */
    public static boolean hasReturning(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("returning")) {
            return false;
        }
        return SqlTokens.tokenize(sql).stream().anyMatch(t -> t.isWord("returning"));
    }

    public String rewrite(String sql, boolean randoms, boolean times) {
        String lower = sql.toLowerCase(Locale.ROOT);
        boolean mayHaveRandom = randoms && lower.contains("random");
        boolean mayHaveNow = times && lower.contains("now");
        if (!mayHaveRandom && !mayHaveNow) {
            return sql;
        }
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        String julianNow = null;
        int depthInTimeFunction = -1;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token token = tokens.get(i);
            if (token.isPunct("(")) {
                depth++;
            } else if (token.isPunct(")")) {
                if (depth == depthInTimeFunction) {
                    depthInTimeFunction = -1;
                }
                depth--;
            }
            if (mayHaveRandom && token.isWord("random") && !afterOrderBy(tokens, i)) {
                int close = emptyCall(tokens, i);
                if (close > 0) {
                    long value = random.nextLong();
                    out.append(value < 0 ? "(" + value + ")" : Long.toString(value));
                    i = close;
                    continue;
                }
            }
            if (mayHaveRandom && token.isWord("randomblob")) {
                int[] call = integerCall(tokens, i);
                if (call != null && call[1] >= 0 && call[1] <= MAX_RANDOMBLOB) {
                    byte[] bytes = new byte[Math.max(1, call[1])];
                    random.nextBytes(bytes);
                    out.append("x'").append(HexFormat.of().formatHex(bytes)).append('\'');
                    i = call[0];
                    continue;
                }
            }
            if (mayHaveNow && token.kind() == SqlTokens.Kind.WORD
                    && TIME_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT)) && nextIs(tokens, i, "(")) {
                depthInTimeFunction = depth + 1;
            }
            if (depthInTimeFunction > 0 && depth == depthInTimeFunction && token.kind() == SqlTokens.Kind.STRING
                    && token.text().equalsIgnoreCase("'now'")) {
                if (julianNow == null) {
                    julianNow = Double.toString(clock.getAsLong() / 86_400_000.0 + UNIX_EPOCH_JULIAN_DAY);
                }
                out.append(julianNow);
                continue;
            }
            out.append(token.text());
        }
        return out.toString();
    }

    private static boolean afterOrderBy(List<SqlTokens.Token> tokens, int i) {
        int by = previousNonBlank(tokens, i);
        int order = by < 0 ? -1 : previousNonBlank(tokens, by);
        return order >= 0 && tokens.get(by).isWord("by") && tokens.get(order).isWord("order");
    }

    private static int previousNonBlank(List<SqlTokens.Token> tokens, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!tokens.get(j).isBlank()) {
                return j;
            }
        }
        return -1;
    }

    private static int nextNonBlank(List<SqlTokens.Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (!tokens.get(j).isBlank()) {
                return j;
            }
        }
        return -1;
    }

    private static boolean nextIs(List<SqlTokens.Token> tokens, int i, String punct) {
        int j = nextNonBlank(tokens, i);
        return j > 0 && tokens.get(j).isPunct(punct);
    }

    /** The index of the ')' closing {@code name()}, or -1 when the call has arguments or is not a call. */
    private static int emptyCall(List<SqlTokens.Token> tokens, int i) {
        int open = nextNonBlank(tokens, i);
        if (open < 0 || !tokens.get(open).isPunct("(")) {
            return -1;
        }
        int close = nextNonBlank(tokens, open);
        return close > 0 && tokens.get(close).isPunct(")") ? close : -1;
    }

    /** For {@code name(N)} with an integer literal N: {index of ')', N}; otherwise null. */
    private static int[] integerCall(List<SqlTokens.Token> tokens, int i) {
        int open = nextNonBlank(tokens, i);
        if (open < 0 || !tokens.get(open).isPunct("(")) {
            return null;
        }
        int arg = nextNonBlank(tokens, open);
        int close = arg < 0 ? -1 : nextNonBlank(tokens, arg);
        if (close < 0 || !tokens.get(close).isPunct(")") || tokens.get(arg).kind() != SqlTokens.Kind.NUMBER) {
            return null;
        }
        try {
            return new int[] {close, Integer.parseInt(tokens.get(arg).text())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
