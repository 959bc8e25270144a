package org.raftlite.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.raftlite.store.NotLeaderException;

/**
 * The one place that decides how failures reach the client, in rqlite's shapes (API.md §2.4): plain text for
 * errors, an empty 405 for a wrong method. Nothing reaches the client as the framework's own error page.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return JsonResponses.plain(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notLeader(NotLeaderException e) {
        return JsonResponses.leaderNotFound();
    }

    /** rqlited's handlers set the JSON type before they check the method, so its 405 carries it, with no body. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Response.status(405).type(JsonResponses.JSON).build();
    }

    /** A status the framework chose (an unknown path, a body it cannot read) keeps it, with rqlited's empty body. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return status >= 500 ? unexpected(e) : Response.status(status).build();
    }

    /** What nothing else expected answers as rqlited answers an internal error: 500 and the message as text. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.warnf("request failed: %s", e.toString());
        LOG.debug("request failure", e);
        return JsonResponses.plain(500, String.valueOf(e.getMessage()));
    }
}
