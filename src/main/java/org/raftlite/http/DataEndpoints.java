package org.raftlite.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.raftlite.command.Batch;
import org.raftlite.command.Request;
import org.raftlite.command.Statement;
import org.raftlite.db.Exports;
import org.raftlite.store.Outcome;
import org.raftlite.store.Store;

/**
 * rqlite's data endpoints, {@code /db/execute}, {@code /db/query}, {@code /db/request} and {@code /db/load}, as
 * Vert.x routes: each request is read, parsed and validated once into a {@link Request}, handed to
 * {@link Store#handle}, and its {@link Outcome} answered here, or by {@link LeaderProxy} when this node cannot
 * serve it. The store decides what runs on the event loop and what on a worker; only a body too large to parse on
 * the event loop is parsed on a worker. Quarkus REST's per-request work (request scope, body reader and writer
 * lookup, parameter maps, a task hop) cost as much as the SQL, so these endpoints do without it.
 */
@ApplicationScoped
public class DataEndpoints {

    /** Bodies up to this size are parsed on the event loop; a larger one is parsed on a worker, off the loop. */
    static final int INLINE_BODY_BYTES = 64 * 1024;

    /** A request as parsed, with what answering it needs: its parameters (for rendering) and its body (to forward). */
    private record Parsed(Request request, QueryParams params, byte[] body, long startNanos) {
    }

    private final Store store;
    private final LeaderProxy proxy;
    private final BodyLimit limit;

    public DataEndpoints(Store store, LeaderProxy proxy, BodyLimit limit) {
        this.store = store;
        this.proxy = proxy;
        this.limit = limit;
    }

    void register(@Observes Router router) {
        router.route("/db/execute").order(Integer.MIN_VALUE + 30).handler(rc -> serve(rc, Request.Endpoint.EXECUTE));
        router.route("/db/query").order(Integer.MIN_VALUE + 30).handler(rc -> serve(rc, Request.Endpoint.QUERY));
        router.route("/db/request").order(Integer.MIN_VALUE + 30).handler(rc -> serve(rc, Request.Endpoint.REQUEST));
        router.route("/db/load").order(Integer.MIN_VALUE + 30).handler(rc -> serve(rc, Request.Endpoint.LOAD));
    }

    private void serve(RoutingContext rc, Request.Endpoint endpoint) {
        long start = System.nanoTime();
        HttpMethod method = rc.request().method();
        if (method != HttpMethod.POST && !(method == HttpMethod.GET && endpoint == Request.Endpoint.QUERY)) {
            // rqlited's handlers set the JSON type before they check the method; its load handler sets none
            if (endpoint != Request.Endpoint.LOAD) {
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.JSON);
            }
            rc.response().setStatusCode(405).end();
            return;
        }
        if (method == HttpMethod.GET) {
            parseAndHandle(rc, endpoint, null, start);
            return;
        }
        limit.read(rc, body -> {
            if (body.length() <= INLINE_BODY_BYTES) {
                parseAndHandle(rc, endpoint, body, start);
                return;
            }
            Context context = Vertx.currentContext();
            context.executeBlocking(() -> parse(rc, endpoint, body, start), false).onComplete(parsed -> {
                if (parsed.failed()) {
                    rc.fail(parsed.cause());
                } else {
                    handle(rc, parsed.result());
                }
            });
        });
    }

    private void parseAndHandle(RoutingContext rc, Request.Endpoint endpoint, Buffer body, long start) {
        Parsed parsed;
        try {
            parsed = parse(rc, endpoint, body, start);
        } catch (BadRequestException e) {
            rc.fail(e);
            return;
        }
        handle(rc, parsed);
    }

    private void handle(RoutingContext rc, Parsed parsed) {
        Future.fromCompletionStage(store.handle(parsed.request()), Vertx.currentContext()).onComplete(outcome -> {
            if (outcome.failed()) {
                rc.fail(outcome.cause());
            } else {
                answer(rc, parsed, outcome.result());
            }
        });
    }

    /** The one place an outcome becomes rqlite's answer. */
    private void answer(RoutingContext rc, Parsed parsed, Outcome outcome) {
        if (outcome instanceof Outcome.Answered answered) {
            send(rc, JsonResponses.render(answered.response(), parsed.params().style(), parsed.startNanos()));
        } else if (outcome instanceof Outcome.Queued queued) {
            send(rc, JsonResponses.queued(queued.sequence(), parsed.params().has("pretty")));
        } else if (outcome instanceof Outcome.Refused refused) {
            rc.response().setStatusCode(refused.status()).putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.TEXT)
                    .end(refused.message() + "\n");
        } else {
            proxy.toLeader(rc, parsed.params(), parsed.body());
        }
    }

    private void send(RoutingContext rc, String json) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.JSON)
                .putHeader(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).end(json);
    }

    /** The request's parameters and statements, validated; a {@link BadRequestException} says what is wrong. */
    private static Parsed parse(RoutingContext rc, Request.Endpoint endpoint, Buffer body, long start) {
        QueryParams q = QueryParams.validated(rc.request().params(true));
        byte[] bytes = body == null ? null : body.getBytes();
        boolean queued = endpoint == Request.Endpoint.EXECUTE && q.has("queue");
        boolean file = endpoint == Request.Endpoint.LOAD && Exports.isSqliteFile(bytes);
        List<Statement> statements;
        if (file) {
            statements = List.of();
        } else if (endpoint == Request.Endpoint.LOAD) {
            // SQL text, as rqlited takes it: the whole body one statement, however many it holds
            String sql = new String(bytes, StandardCharsets.UTF_8);
            if (sql.isBlank()) {
                throw new BadRequestException(RequestParser.NO_STATEMENTS);
            }
            statements = List.of(Statement.of(sql));
        } else if (bytes == null) {
            if (q.get("q").isEmpty()) {
                throw new BadRequestException("query parameter not set");
            }
            statements = List.of(Statement.of(q.get("q")));
        } else if (queued && q.has("wait") && new String(bytes, StandardCharsets.UTF_8).strip().equals("[]")) {
            // rqlite's way to wait for everything queued before: an empty batch
            statements = List.of();
        } else {
            statements = statements(bytes, rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
        }
        Request request = new Request(endpoint, statements, q.has("transaction"), q.has("timings"),
                q.millis("db_timeout", 0), q.read(), q.rewrite(),
                queued ? new Request.Queueing(q.has("wait"), q.millis("timeout", 30_000), q.has("noleader")) : null,
                Batch.parse(rc.request().getHeader(LeaderProxy.BATCH)), rc.request().getHeader("traceparent"),
                file ? bytes : null);
        return new Parsed(request, q, bytes, start);
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
