package org.raftlite.http;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.raftlite.store.NotLeaderException;

/** The one place that decides how failures reach the client, in rqlite's plain-text shapes (API.md §2.4). */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return JsonResponses.plain(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notLeader(NotLeaderException e) {
        return JsonResponses.plain(503, "leader not found");
    }
}
