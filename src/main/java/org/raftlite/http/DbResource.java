package org.raftlite.http;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.raftlite.command.Statement;
import org.raftlite.store.NotLeaderException;
import org.raftlite.store.Store;

/**
 * rqlite's data endpoints: {@code /db/execute}, {@code /db/query} and {@code /db/request}. Each parses the request,
 * hands it to the {@link Store} and renders the answer in rqlite's JSON. Runs on worker threads.
 */
@Path("/db")
@Blocking
public class DbResource {

    private final Store store;

    public DbResource(Store store) {
        this.store = store;
    }

    @POST
    @Path("/execute")
    @Consumes(MediaType.WILDCARD)
    public Response execute(@Context UriInfo uri, @HeaderParam("Content-Type") String contentType,
                            @HeaderParam("traceparent") String traceparent, byte[] body) throws NotLeaderException {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        List<Statement> statements = statements(body, contentType);
        long start = System.nanoTime();
        var response = store.execute(statements, q.has("transaction"), q.has("timings"), q.millis("db_timeout", 0),
                q.rewrite(), traceparent);
        return JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr());
    }

    @GET
    @Path("/query")
    public Response queryGet(@Context UriInfo uri, @HeaderParam("traceparent") String traceparent)
            throws NotLeaderException {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        if (q.get("q").isEmpty()) {
            throw new BadRequestException("query parameter not set");
        }
        return query(q, List.of(Statement.of(q.get("q"))), traceparent);
    }

    @POST
    @Path("/query")
    @Consumes(MediaType.WILDCARD)
    public Response queryPost(@Context UriInfo uri, @HeaderParam("Content-Type") String contentType,
                              @HeaderParam("traceparent") String traceparent, byte[] body) throws NotLeaderException {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        return query(q, statements(body, contentType), traceparent);
    }

    private Response query(QueryParams q, List<Statement> statements, String traceparent) throws NotLeaderException {
        long start = System.nanoTime();
        var response = store.query(statements, q.has("transaction"), q.has("timings"), q.millis("db_timeout", 0),
                q.read(), q.rewrite(), traceparent);
        return JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr());
    }

    @POST
    @Path("/request")
    @Consumes(MediaType.WILDCARD)
    public Response request(@Context UriInfo uri, @HeaderParam("traceparent") String traceparent, byte[] body)
            throws NotLeaderException {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        List<Statement> statements = RequestParser.parse(body);
        long start = System.nanoTime();
        var response = store.request(statements, q.has("transaction"), q.has("timings"), q.millis("db_timeout", 0),
                q.read(), q.rewrite(), traceparent);
        return JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr());
    }

    /** A {@code text/plain} body is one statement; anything else is rqlite's JSON array. */
    private static List<Statement> statements(byte[] body, String contentType) {
        if (contentType != null && contentType.toLowerCase().startsWith("text/plain")) {
            String sql = new String(body, StandardCharsets.UTF_8);
            if (sql.isBlank()) {
                throw new BadRequestException(RequestParser.NO_STATEMENTS);
            }
            return List.of(Statement.of(sql));
        }
        return RequestParser.parse(body);
    }
}
