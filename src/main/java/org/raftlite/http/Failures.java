package org.raftlite.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.raftlite.raft.NotLeaderException;

/**
 * The one place that decides how a failure reaches the client, in rqlite's shapes (API.md §2.4): plain text for
 * errors, an empty 405 with the JSON type for a wrong method, an empty body for a status the framework chose, and
 * 500 with the message for anything unexpected. Quarkus REST ({@code ErrorMappers}) and Vert.x
 * ({@code RqliteRouting.failed}) both answer with it; nothing reaches the client as a framework's error page.
 */
final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    /** A failure's answer; {@code type} null for an empty body. */
    record Answer(int status, String type, String body) {
    }

    private Failures() {
    }

    /** @param status the status already chosen for a failure without a cause, else 0 */
    static Answer of(Throwable failure, int status) {
        if (failure instanceof BadRequestException bad) {
            return new Answer(400, JsonResponses.TEXT, bad.getMessage() + "\n");
        }
        if (failure instanceof NotLeaderException) {
            return new Answer(503, JsonResponses.TEXT, JsonResponses.LEADER_NOT_FOUND);
        }
        if (failure instanceof NotAllowedException) {
            // rqlited's handlers set the JSON type before they check the method
            return new Answer(405, JsonResponses.JSON, "");
        }
        int chosen = failure instanceof WebApplicationException web ? web.getResponse().getStatus()
                : failure instanceof io.vertx.ext.web.handler.HttpException http ? http.getStatusCode()
                : failure == null ? (status > 0 ? status : 500) : 500;
        if (chosen < 500 || failure == null) {
            return new Answer(chosen, null, "");
        }
        LOG.warnf("request failed: %s", failure.toString());
        LOG.debug("request failure", failure);
        return new Answer(500, JsonResponses.TEXT, failure.getMessage() + "\n");
    }
}
