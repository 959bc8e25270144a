package org.raftlite.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens, knowing SQLite's string literals, quoted identifiers, comments and parameters, so
 * that rewriting and parameter numbering never look inside a string or a comment. Not a parser: it only finds
 * token boundaries.
 */
final class SqlTokens {

    enum Kind { WORD, STRING, IDENTIFIER, PARAMETER, NUMBER, SPACE, COMMENT, PUNCT }

    record Token(Kind kind, String text) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isPunct(String p) {
            return kind == Kind.PUNCT && text.equals(p);
        }

        boolean isBlank() {
            return kind == Kind.SPACE || kind == Kind.COMMENT;
        }
    }

    private SqlTokens() {
    }

    /** The first token of each statement in {@code sql}, upper-cased: one per statement, so also their count. */
    static List<String> statementStarts(String sql) {
        List<String> starts = new ArrayList<>(1);
        boolean atStart = true;
        for (Token token : tokenize(sql)) {
            if (token.isBlank()) {
                continue;
            }
            if (atStart) {
                starts.add(token.text().toUpperCase(java.util.Locale.ROOT));
            }
            atStart = token.isPunct(";");
        }
        return starts;
    }

    /** sqlite3_complete's token classes and states (SQLite's complete.c), for {@link #statements}. */
    private static final int SEMI = 0, WS = 1, OTHER = 2, EXPLAIN = 3, CREATE = 4, TEMP = 5, TRIGGER = 6, END = 7;
    private static final int START = 1;
    private static final int[][] TRANSITIONS = {
            /* INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
            /* START   */ {1, 1, 2, 3, 4, 2, 2, 2},
            /* NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
            /* EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
            /* CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
            /* TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
            /* SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
            /* END     */ {1, 7, 5, 5, 5, 5, 5, 5},
    };

    /**
     * The statements of {@code sql} in the order SQLite's prepare takes them, each the text a prepare compiles: up
     * to and including the semicolon that ends it, by sqlite3_complete's rule (so the semicolons inside a
     * trigger's body stay in it), and then whatever follows the last one. A part holding nothing but blanks,
     * comments and a semicolon, for which prepare compiles no statement, is the empty string.
     */
    static List<String> statements(String sql) {
        return sql.indexOf(';') < 0 ? List.of(sql) : PARTS.of(sql, SqlTokens::split);
    }

    private static final Remembered<List<String>> PARTS = new Remembered<>();

    private static List<String> split(String sql) {
        List<String> parts = new ArrayList<>(2);
        int state = 0, from = 0, at = 0;
        boolean empty = true;
        for (Token token : tokenize(sql)) {
            at += token.text().length();
            int kind = classOf(token);
            state = TRANSITIONS[state][kind];
            empty &= kind == WS || kind == SEMI;
            if (kind == SEMI && state == START) {
                parts.add(empty ? "" : sql.substring(from, at));
                from = at;
                empty = true;
            }
        }
        if (from < sql.length() && !sql.substring(from).isBlank()) {
            parts.add(empty ? "" : sql.substring(from));
        }
        return List.copyOf(parts);
    }

    private static int classOf(Token token) {
        return switch (token.kind()) {
            case SPACE, COMMENT -> WS;
            case PUNCT -> token.text().equals(";") ? SEMI : OTHER;
            case WORD -> switch (token.text().toUpperCase(java.util.Locale.ROOT)) {
                case "EXPLAIN" -> EXPLAIN;
                case "CREATE" -> CREATE;
                case "TEMP", "TEMPORARY" -> TEMP;
                case "TRIGGER" -> TRIGGER;
                case "END" -> END;
                default -> OTHER;
            };
            default -> OTHER;
        };
    }

    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0, n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            Kind kind;
            if (Character.isWhitespace(c)) {
                end = skipWhile(sql, i, Character::isWhitespace);
                kind = Kind.SPACE;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? n : nl;
                kind = Kind.COMMENT;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
                kind = Kind.COMMENT;
            } else if (c == '\'') {
                end = quoted(sql, i, '\'');
                kind = Kind.STRING;
            } else if (c == '"' || c == '`') {
                end = quoted(sql, i, c);
                kind = Kind.IDENTIFIER;
            } else if (c == '[') {
                int close = sql.indexOf(']', i);
                end = close < 0 ? n : close + 1;
                kind = Kind.IDENTIFIER;
            } else if (c == '?') {
                end = skipWhile(sql, i + 1, Character::isDigit);
                kind = Kind.PARAMETER;
            } else if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isWordChar(sql.charAt(i + 1))) {
                end = skipWhile(sql, i + 1, SqlTokens::isWordChar);
                kind = Kind.PARAMETER;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                end = skipWhile(sql, i, ch -> Character.isLetterOrDigit(ch) || ch == '.');
                kind = Kind.NUMBER;
            } else if (isWordChar(c)) {
                end = skipWhile(sql, i, SqlTokens::isWordChar);
                kind = Kind.WORD;
            } else {
                end = i + 1;
                kind = Kind.PUNCT;
            }
            tokens.add(new Token(kind, sql.substring(i, end)));
            i = end;
        }
        return tokens;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }

    private static int quoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static int skipWhile(String s, int i, CharTest p) {
        while (i < s.length() && p.test(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
