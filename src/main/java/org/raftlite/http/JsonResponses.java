package org.raftlite.http;

import jakarta.ws.rs.core.Response;

/** Builds the HTTP answers of the data endpoints: rqlite's JSON, its content type, and who served it. */
final class JsonResponses {

    static final String JSON = "application/json; charset=utf-8";
    static final String SERVED_BY = "X-RQLITE-SERVED-BY";

    private JsonResponses() {
    }

    static Response ok(org.raftlite.command.Response result, ResultsJson.Style style, long startNanos,
                       String servedBy) {
        if (style.timings()) {
            result = result.withTime((System.nanoTime() - startNanos) / 1e9);
        }
        return Response.ok(ResultsJson.write(result, style), JSON).header(SERVED_BY, servedBy).build();
    }

    static Response plain(int status, String message) {
        return Response.status(status).entity(message + "\n").type("text/plain; charset=utf-8").build();
    }
}
