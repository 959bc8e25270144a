package org.raftlite.http;

import org.raftlite.json.GoJson;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the HTTP answers of the data endpoints: rqlite's JSON, its content type, and who served it. */
final class JsonResponses {

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    /** rqlited's plain-text answer (503) when no node can serve the request. */
    static final String LEADER_NOT_FOUND = "leader not found\n";
    static final String SERVED_BY = "X-RQLITE-SERVED-BY";

    private JsonResponses() {
    }

    /** rqlite's JSON for a result, with the time since {@code startNanos} when the request asked for timings. */
    static String render(org.raftlite.command.Response result, ResultsJson.Style style, long startNanos) {
        if (style.timings()) {
            result = result.withTime((System.nanoTime() - startNanos) / 1e9);
        }
        return ResultsJson.write(result, style);
    }

    /** rqlite's answer to a queued write: no results yet, and the sequence number the write was given. */
    static String queued(long sequence, boolean pretty) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("results", List.of());
        json.put("sequence_number", sequence);
        return GoJson.write(json, pretty);
    }

    /** rqlited's answer when no node can serve the request: no leader, or the leader's address not known yet. */
    static Response leaderNotFound() {
        return Response.status(503).entity(LEADER_NOT_FOUND).type(TEXT).build();
    }

    static Response plain(int status, String message) {
        return Response.status(status).entity(message + "\n").type(TEXT).build();
    }
}
