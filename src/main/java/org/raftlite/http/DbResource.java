package org.raftlite.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.raftlite.command.Statement;
import org.raftlite.store.NotLeaderException;
import org.raftlite.store.Store;

/**
 * rqlite's data endpoints: {@code /db/execute}, {@code /db/query} and {@code /db/request}. Each parses the request,
 * hands it to the {@link Store} and renders the answer in rqlite's JSON.
 * <p>
 * The methods are entered on the event loop once the whole body is in. Writes are proposed from there; anything
 * that waits goes to a worker thread in one step. A {@code @Blocking} method would be dispatched before its body
 * arrived and then wait on the event loop for it: thread switches that, on a small machine, cost more than the SQL.
 * Most requests never get here: {@link InlineAnswers} answers quick reads, writes the leader proposes and queued
 * writes that find room. What does get here is a request that waits, goes to the leader, has a large body, or fails.
 */
@Path("/db")
public class DbResource {

    /** Bodies up to this size are parsed on the event loop; a larger one is parsed on a worker, off the loop. */
    static final int INLINE_BODY_BYTES = 64 * 1024;

    private final Store store;
    private final LeaderProxy proxy;

    public DbResource(Store store, LeaderProxy proxy) {
        this.store = store;
        this.proxy = proxy;
    }

    /** Work that only the leader can do; elsewhere the request goes to the leader as it came. */
    private interface LeaderWork {
        Response run() throws NotLeaderException;
    }

    /** Runs the work on a worker thread of the request's Vert.x context, so its trace context goes along. */
    private static <T> CompletionStage<T> onWorker(Callable<T> work) {
        return Vertx.currentContext().executeBlocking(work, false).toCompletionStage();
    }

    private Response onLeader(String method, UriInfo uri, HttpHeaders headers, byte[] body, LeaderWork work) {
        try {
            return work.run();
        } catch (NotLeaderException e) {
            return proxy.toLeader(method, uri, headers, body);
        }
    }

    @POST
    @Path("/execute")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> execute(@Context UriInfo uri, @Context HttpHeaders headers,
                                             @Context RoutingContext rc) {
        InlineAnswers.Tried tried = InlineAnswers.tried(rc);
        QueryParams q = tried != null ? tried.params() : QueryParams.validated(uri.getQueryParameters());
        byte[] body = InlineAnswers.body(rc);
        if (tried != null && tried.notLeader()) {
            return toLeader(uri, headers, body);
        }
        List<Statement> parsed = tried == null ? null : tried.statements();
        if (parsed == null && body.length > INLINE_BODY_BYTES) {
            return onWorker(() -> execute(q, uri, headers, body, null)).thenCompose(answer -> answer);
        }
        return execute(q, uri, headers, body, parsed);
    }

    /** {@code parsed}: the statements the inline route already made of the body, or null. */
    private CompletionStage<Response> execute(QueryParams q, UriInfo uri, HttpHeaders headers, byte[] body,
                                              List<Statement> parsed) {
        return q.has("queue") ? queued(q, headers, body, parsed) : write(q, uri, headers, body, parsed);
    }

    /**
     * Proposes a write and answers once it is applied. No thread waits for it: RAFT's thread completes the write
     * and the answer is rendered back on this request's context.
     */
    private CompletionStage<Response> write(QueryParams q, UriInfo uri, HttpHeaders headers, byte[] body,
                                            List<Statement> parsed) {
        List<Statement> statements = parsed != null ? parsed
                : statements(body, headers.getHeaderString("Content-Type"));
        var context = Vertx.currentContext();
        long start = System.nanoTime();
        CompletionStage<Response> answer;
        try {
            answer = Future.fromCompletionStage(store.execute(statements, q.has("transaction"), q.has("timings"),
                            q.millis("db_timeout", 0), q.rewrite(), headers.getHeaderString("traceparent")), context)
                    .toCompletionStage()
                    .thenApply(response -> JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr()));
        } catch (NotLeaderException e) {
            return toLeader(uri, headers, body);
        }
        return answer.exceptionallyCompose(failure -> causedBy(failure) instanceof NotLeaderException
                ? toLeader(uri, headers, body)
                : CompletableFuture.failedStage(causedBy(failure)));
    }

    private CompletionStage<Response> toLeader(UriInfo uri, HttpHeaders headers, byte[] body) {
        return onWorker(() -> proxy.toLeader("POST", uri, headers, body));
    }

    static Throwable causedBy(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Reads that could be answered at once were answered by {@link InlineAnswers}; the rest are done here. */
    @GET
    @Path("/query")
    public CompletionStage<Response> queryGet(@Context UriInfo uri, @Context HttpHeaders headers,
                                              @Context RoutingContext rc) {
        InlineAnswers.Tried tried = InlineAnswers.tried(rc);
        QueryParams q = tried != null ? tried.params() : QueryParams.validated(uri.getQueryParameters());
        if (q.get("q").isEmpty()) {
            throw new BadRequestException("query parameter not set");
        }
        if (tried != null && tried.notLeader()) {
            return onWorker(() -> proxy.toLeader("GET", uri, headers, null));
        }
        return queryOnWorker("GET", q, uri, headers, null, () -> List.of(Statement.of(q.get("q"))));
    }

    /** As {@link #queryGet}; the body was read by {@link InlineAnswers}, so Quarkus REST is not asked to. */
    @POST
    @Path("/query")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> queryPost(@Context UriInfo uri, @Context HttpHeaders headers,
                                               @Context RoutingContext rc) {
        InlineAnswers.Tried tried = InlineAnswers.tried(rc);
        QueryParams q = tried != null ? tried.params() : QueryParams.validated(uri.getQueryParameters());
        byte[] body = InlineAnswers.body(rc);
        if (tried != null && tried.notLeader()) {
            return toLeader(uri, headers, body);
        }
        List<Statement> parsed = tried == null ? null : tried.statements();
        return queryOnWorker("POST", q, uri, headers, body,
                () -> parsed != null ? parsed : statements(body, headers.getHeaderString("Content-Type")));
    }

    /** A read done on a worker, where it may wait for the log, run long or go to the leader; parsed there too. */
    private CompletionStage<Response> queryOnWorker(String method, QueryParams q, UriInfo uri, HttpHeaders headers,
                                                    byte[] body, Supplier<List<Statement>> statements) {
        return onWorker(() -> onLeader(method, uri, headers, body, () -> query(q, statements.get(), headers)));
    }

    private Response query(QueryParams q, List<Statement> statements, HttpHeaders headers)
            throws NotLeaderException {
        long start = System.nanoTime();
        var response = store.query(statements, q.has("transaction"), q.has("timings"), q.millis("db_timeout", 0),
                q.read(), q.rewrite(), headers.getHeaderString("traceparent"));
        return JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr());
    }

    @POST
    @Path("/request")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> request(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return onWorker(() -> {
            QueryParams q = QueryParams.validated(uri.getQueryParameters());
            List<Statement> statements = RequestParser.parse(body);
            return onLeader("POST", uri, headers, body, () -> {
                long start = System.nanoTime();
                var response = store.request(statements, q.has("transaction"), q.has("timings"),
                        q.millis("db_timeout", 0), q.read(), q.rewrite(), headers.getHeaderString("traceparent"));
                return JsonResponses.ok(response, q.style(), start, store.advertisedHttpAddr());
            });
        });
    }

    /**
     * {@code ?queue}: answered at once with a sequence number; {@code &wait} holds the answer until applied, and a
     * full queue holds it until there is room, both on a worker.
     */
    private CompletionStage<Response> queued(QueryParams q, HttpHeaders headers, byte[] body,
                                             List<Statement> parsed) {
        if (!q.has("noleader") && store.leader() == null) {
            return CompletableFuture.completedStage(JsonResponses.leaderNotFound());
        }
        boolean flushOnly = q.has("wait") && new String(body, StandardCharsets.UTF_8).strip().equals("[]");
        List<Statement> statements = flushOnly ? List.of()
                : parsed != null ? parsed : statements(body, headers.getHeaderString("Content-Type"));
        if (!q.has("wait")) {
            long sequence = store.tryEnqueue(statements, q.rewrite());
            if (sequence >= 0) {
                return CompletableFuture.completedStage(queuedAnswer(q, sequence));
            }
        }
        return onWorker(() -> awaitQueued(q, statements));
    }

    private Response awaitQueued(QueryParams q, List<Statement> statements) {
        long sequence;
        try {
            sequence = store.enqueue(statements, q.rewrite(), q.has("wait") ? q.millis("timeout", 30_000) : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonResponses.plain(503, "interrupted");
        }
        if (sequence < 0) {
            return JsonResponses.plain(408, "queue wait timeout");
        }
        return queuedAnswer(q, sequence);
    }

    private Response queuedAnswer(QueryParams q, long sequence) {
        return JsonResponses.json(JsonResponses.queued(sequence, q.has("pretty")))
                .header(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).build();
    }

    /** A {@code text/plain} body is one statement; anything else is rqlite's JSON array. */
    static List<Statement> statements(byte[] body, String contentType) {
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
