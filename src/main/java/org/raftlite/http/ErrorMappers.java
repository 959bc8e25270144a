package org.raftlite.http;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures of the Quarkus REST resources, answered as {@link Failures} says. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        Failures.Answer answer = Failures.of(e, 0);
        Response.ResponseBuilder response = Response.status(answer.status());
        return answer.type() == null ? response.build() : response.type(answer.type()).entity(answer.body()).build();
    }
}
