package org.raftlite.db;

import java.util.List;

/**
 * The operation and the table of a statement, as OpenTelemetry's database conventions name a span
 * ({@code INSERT foo}): the first keyword, and the table it works on where the statement names one.
 *
 * @param operation  the statement's first keyword, upper-cased ({@code INSERT}); empty for blank text
 * @param collection the table, or null when the statement names none that is found without parsing
 */
public record SqlSummary(String operation, String collection) {

    public static SqlSummary of(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql).stream().filter(t -> !t.isBlank()).toList();
        if (tokens.isEmpty() || tokens.get(0).kind() != SqlTokens.Kind.WORD) {
            return new SqlSummary("", null);
        }
        String operation = tokens.get(0).text().toUpperCase(java.util.Locale.ROOT);
        String marker = switch (operation) {
            case "INSERT", "REPLACE" -> "INTO";
            case "SELECT", "DELETE" -> "FROM";
            case "CREATE", "DROP", "ALTER" -> "TABLE";
            case "UPDATE" -> "UPDATE";
            default -> null;
        };
        return new SqlSummary(operation, marker == null ? null : nameAfter(tokens, marker));
    }

    /** The qualified name after the first {@code marker} keyword, skipping {@code OR x} and {@code IF [NOT] EXISTS}. */
    private static String nameAfter(List<SqlTokens.Token> tokens, String marker) {
        int i = 0;
        while (i < tokens.size() && !tokens.get(i).isWord(marker)) {
            i++;
        }
        i++;
        while (i < tokens.size() && isSkipped(tokens.get(i))) {
            i += tokens.get(i).isWord("OR") ? 2 : 1;
        }
        StringBuilder name = new StringBuilder();
        while (i < tokens.size() && isName(tokens.get(i))) {
            name.append(unquote(tokens.get(i).text()));
            if (i + 1 < tokens.size() && tokens.get(i + 1).isPunct(".")) {
                name.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return name.isEmpty() ? null : name.toString();
    }

    private static boolean isSkipped(SqlTokens.Token t) {
        return t.isWord("OR") || t.isWord("IF") || t.isWord("NOT") || t.isWord("EXISTS");
    }

    private static boolean isName(SqlTokens.Token t) {
        return t.kind() == SqlTokens.Kind.WORD || t.kind() == SqlTokens.Kind.IDENTIFIER
                || t.kind() == SqlTokens.Kind.STRING;
    }

    private static String unquote(String text) {
        char first = text.charAt(0);
        if (text.length() >= 2 && (first == '"' || first == '`' || first == '[' || first == '\'')) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
