package org.raftlite.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.raftlite.command.Param;

/**
 * Binds rqlite parameters to a prepared statement the way rqlited's driver does: the parameter at position i of the
 * request's list goes to slot i (so {@code ?NNN} takes the NNN-th value), a named one to every slot of its name
 * ({@code :name}, {@code @name}, {@code $name}). sqlite-jdbc numbers slots only by position, so the slots of names
 * are numbered here the way SQLite numbers them: each distinct name gets the next number at its first appearance.
 */
final class ParamBinder {

    private ParamBinder() {
    }

    /**
     * Binds to the statement that is part {@code taken} values into a string of several, the way rqlited's driver
     * (go-sqlite3's exec and query loops) does: the part takes as many values as it has parameter slots from those
     * not yet taken, plus every named value after them; a part with no slots takes none. Returns how many it
     * took.
     *
     * @param wantedOfAll whether a shortfall reports the whole list's size (exec) or what was left (query)
     */
    static int bindPart(PreparedStatement ps, String sql, List<Param> params, int taken, boolean wantedOfAll)
            throws SQLException {
        int slots = ps.getParameterMetaData().getParameterCount();
        if (params.size() - taken < slots) {
            throw new SQLException("not enough args to execute query: want " + slots + " got "
                    + (wantedOfAll ? params.size() : params.size() - taken));
        }
        if (slots == 0) {
            return 0;
        }
        List<Param> own = params;
        if (taken > 0 || slots < params.size()) {
            own = new ArrayList<>(params.subList(taken, taken + slots));
            for (int i = 0; i < params.size(); i++) {
                // go-sqlite3 writes "i >= na" here, not "i >= start + na": kept, since rqlited binds through it
                if ((i < taken || i >= slots) && params.get(i).isNamed()) {
                    own.add(params.get(i));
                }
            }
        }
        bind(ps, sql, own);
        return slots;
    }

    static void bind(PreparedStatement ps, String sql, List<Param> params) throws SQLException {
        Map<String, List<Integer>> named = null;
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            if (!param.isNamed()) {
                bindValue(ps, i + 1, param.value());
                continue;
            }
            if (named == null) {
                named = namedSlots(sql);
            }
            for (int slot : named.getOrDefault(param.name(), List.of())) {
                bindValue(ps, slot, param.value());
            }
        }
    }

    private static Map<String, List<Integer>> namedSlots(String sql) {
        Map<String, List<Integer>> named = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int highest = 0;
        for (SqlTokens.Token token : SqlTokens.tokenize(sql)) {
            if (token.kind() != SqlTokens.Kind.PARAMETER) {
                continue;
            }
            String text = token.text();
            if (text.startsWith("?")) {
                highest = Math.max(highest, text.length() > 1 ? Integer.parseInt(text.substring(1)) : highest + 1);
            } else if (seen.add(text)) {
                named.computeIfAbsent(text.substring(1), k -> new ArrayList<>()).add(++highest);
            }
        }
        return named;
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
