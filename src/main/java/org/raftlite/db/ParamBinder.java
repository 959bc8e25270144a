package org.raftlite.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raftlite.command.Param;

/**
 * Binds rqlite parameters to a prepared statement. sqlite-jdbc numbers parameters only by position, so named ones
 * ({@code :name}, {@code @name}, {@code $name}) are numbered here the way SQLite numbers them: each distinct name
 * gets the next number at its first appearance, {@code ?NNN} takes NNN.
 */
final class ParamBinder {

    private ParamBinder() {
    }

    static void bind(PreparedStatement ps, String sql, List<Param> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        if (bindsInOrder(sql, params)) {
            for (int i = 0; i < params.size(); i++) {
                bindValue(ps, i + 1, params.get(i).value());
            }
            return;
        }
        Map<String, List<Integer>> named = new LinkedHashMap<>();
        List<Integer> positional = new ArrayList<>();
        number(sql, named, positional);
        int nextPositional = 0;
        for (Param param : params) {
            if (param.isNamed()) {
                List<Integer> slots = named.get(param.name());
                if (slots == null) {
                    continue;
                }
                for (int slot : slots) {
                    bindValue(ps, slot, param.value());
                }
            } else {
                int slot = nextPositional < positional.size() ? positional.get(nextPositional) : nextPositional + 1;
                nextPositional++;
                bindValue(ps, slot, param.value());
            }
        }
    }

    /**
     * Whether the parameters go to slots 1, 2, 3... as given: all positional, and the text has no {@code ?NNN} and
     * no character that starts a named parameter (in a literal or not). Every node binds every write it applies,
     * and tokenizing its text to number the slots cost more than binding.
     */
    private static boolean bindsInOrder(String sql, List<Param> params) {
        for (Param param : params) {
            if (param.isNamed()) {
                return false;
            }
        }
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == ':' || c == '@' || c == '$'
                    || (c == '?' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)))) {
                return false;
            }
        }
        return true;
    }

    private static void number(String sql, Map<String, List<Integer>> named, List<Integer> positional) {
        Map<String, Integer> byToken = new LinkedHashMap<>();
        int highest = 0;
        for (SqlTokens.Token token : SqlTokens.tokenize(sql)) {
            if (token.kind() != SqlTokens.Kind.PARAMETER) {
                continue;
            }
            String text = token.text();
            if (text.startsWith("?")) {
                int slot = text.length() > 1 ? Integer.parseInt(text.substring(1)) : highest + 1;
                highest = Math.max(highest, slot);
                positional.add(slot);
            } else {
                Integer slot = byToken.get(text);
                if (slot == null) {
                    slot = ++highest;
                    byToken.put(text, slot);
                    named.computeIfAbsent(text.substring(1), k -> new ArrayList<>()).add(slot);
                }
            }
        }
    }

    private static void bindValue(PreparedStatement ps, int slot, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(slot, java.sql.Types.NULL);
        } else if (value instanceof Long l) {
            ps.setLong(slot, l);
        } else if (value instanceof Double d) {
            ps.setDouble(slot, d);
        } else if (value instanceof Boolean b) {
            ps.setLong(slot, b ? 1 : 0);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(slot, bytes);
        } else {
            ps.setString(slot, value.toString());
        }
    }
}
