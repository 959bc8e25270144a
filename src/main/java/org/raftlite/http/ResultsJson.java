package org.raftlite.http;

import org.raftlite.json.GoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raftlite.command.Response;
import org.raftlite.command.StatementResult;

/** rqlite's response envelope and per-statement shapes (API.md §3.2, §3.3), with their key order and omissions. */
final class ResultsJson {

    /** The rendering flags of a request. */
    record Style(boolean pretty, boolean associative, boolean blobArray, boolean timings, boolean raftIndex) {
    }

    private ResultsJson() {
    }

    static String write(Response response, Style style) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        List<Object> results = new ArrayList<>(response.results().size());
        for (StatementResult r : response.results()) {
            results.add(r instanceof StatementResult.Rows rows ? rows(rows, style) : executed(
                    (StatementResult.Executed) r, style));
        }
        envelope.put("results", results);
        if (response.error() != null && !response.error().isEmpty()) {
            envelope.put("error", response.error());
        }
        if (style.timings() && response.time() > 0) {
            envelope.put("time", response.time());
        }
        if (style.raftIndex() && response.raftIndex() > 0) {
            envelope.put("raft_index", response.raftIndex());
        }
        return GoJson.write(envelope, style.pretty());
    }

    private static Map<String, Object> executed(StatementResult.Executed r, Style style) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.lastInsertId() != 0) {
            m.put("last_insert_id", r.lastInsertId());
        }
        if (r.rowsAffected() != 0) {
            m.put("rows_affected", r.rowsAffected());
        }
        putErrorAndTime(m, r, style);
        if (style.associative() && r.error() == null) {
            m.put("rows", null);
        }
        return m;
    }

    private static Map<String, Object> rows(StatementResult.Rows r, Style style) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (style.associative()) {
            associative(m, r, style);
        } else {
            if (!r.columns().isEmpty()) {
                m.put("columns", r.columns());
            }
            if (!r.types().isEmpty()) {
                m.put("types", r.types());
            }
            if (!r.values().isEmpty()) {
                List<Object> values = new ArrayList<>(r.values().size());
                for (List<Object> row : r.values()) {
                    values.add(style.blobArray() ? blobsAsArrays(row) : row);
                }
                m.put("values", values);
            }
        }
        putErrorAndTime(m, r, style);
        return m;
    }

    private static void associative(Map<String, Object> m, StatementResult.Rows r, Style style) {
        if (r.error() != null) {
            return;
        }
        // rqlited builds both from Go maps, which its encoder writes with sorted keys
        Map<String, Object> types = GoJson.goMap();
        for (int i = 0; i < r.columns().size(); i++) {
            types.put(r.columns().get(i), r.types().get(i));
        }
        List<Object> rows = new ArrayList<>(r.values().size());
        for (List<Object> row : r.values()) {
            List<Object> cells = style.blobArray() ? blobsAsArrays(row) : row;
            Map<String, Object> named = GoJson.goMap();
            for (int i = 0; i < r.columns().size(); i++) {
                named.put(r.columns().get(i), cells.get(i));
            }
            rows.add(named);
        }
        m.put("types", types);
        m.put("rows", rows);
    }

    private static void putErrorAndTime(Map<String, Object> m, StatementResult r, Style style) {
        if (r.error() != null && !r.error().isEmpty()) {
            m.put("error", r.error());
        }
        if (style.timings() && r.time() > 0) {
            m.put("time", r.time());
        }
    }

    private static List<Object> blobsAsArrays(List<Object> row) {
        List<Object> out = new ArrayList<>(row.size());
        for (Object v : row) {
            if (v instanceof byte[] bytes) {
                List<Object> ints = new ArrayList<>(bytes.length);
                for (byte b : bytes) {
                    ints.add((long) (b & 0xff));
                }
                out.add(ints);
            } else {
                out.add(v);
            }
        }
        return out;
    }
}
