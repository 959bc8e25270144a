package org.raftlite.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.store.NotLeaderException;
import org.raftlite.store.Store;

/**
 * {@code /db/query} and {@code /db/execute} answered by Vert.x itself when this node can answer them without
 * waiting on a thread: a weak read on the leader or a none read anywhere whose SQL ends within
 * {@link #READ_BUDGET_NANOS} on the event loop; a write proposed on the leader, answered when RAFT's thread has
 * applied it; a queued write taken into a queue with room. For such requests Quarkus REST's per-request work
 * (request scope, body reader and writer lookup, parameter maps, a task hop) cost as much as the SQL. Every other
 * request, including one this route cannot make sense of, goes on to {@link DbResource}, which serves it on a
 * worker, forwards it, or reports its error; the body read here goes along in the routing context.
 */
@ApplicationScoped
public class InlineAnswers {

    /** SQL time a read may take on the event loop before it is stopped and run again on a worker. */
    private static final long READ_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String BODY = "raftlite.body";
    private static final String TRIED = "raftlite.tried";

    /**
     * What this route made of a request it could not finish, so that {@link DbResource} neither parses it again
     * nor asks the store again what it already refused: its parameters, its statements (null when not parsed here)
     * and whether this node is not the one to serve it.
     */
    record Tried(QueryParams params, List<Statement> statements, boolean notLeader) {
    }

    private final Store store;
    private final BodyLimit limit;

    public InlineAnswers(Store store, BodyLimit limit) {
        this.store = store;
        this.limit = limit;
    }

    void register(@Observes Router router) {
        router.route("/db/query").order(Integer.MIN_VALUE + 30).handler(rc -> withBody(rc, this::query));
        router.post("/db/execute").order(Integer.MIN_VALUE + 30).handler(rc -> withBody(rc, this::execute));
    }

    /** The body this route read, for {@link DbResource} when the request goes on there. */
    static byte[] body(RoutingContext rc) {
        return rc.<Buffer>get(BODY).getBytes();
    }

    /** What this route made of the request, or null when it could not even read its parameters. */
    static Tried tried(RoutingContext rc) {
        return rc.get(TRIED);
    }

    private static void goOn(RoutingContext rc, QueryParams q, List<Statement> statements, boolean notLeader) {
        rc.put(TRIED, new Tried(q, statements, notLeader));
        rc.next();
    }

    private void withBody(RoutingContext rc, Handler<RoutingContext> answer) {
        if (rc.request().method() != HttpMethod.POST) {
            answer.handle(rc);
            return;
        }
        limit.read(rc, body -> {
            rc.put(BODY, body);
            answer.handle(rc);
        });
    }

    private void query(RoutingContext rc) {
        long start = System.nanoTime();
        QueryParams q;
        List<Statement> statements;
        try {
            q = QueryParams.validated(rc.request().params(true));
            statements = queryStatements(rc, q);
        } catch (BadRequestException e) {
            // DbResource reports the error
            rc.next();
            return;
        }
        try {
            Response now = statements == null ? null : store.queryNow(statements, q.has("transaction"),
                    q.has("timings"), q.millis("db_timeout", 0), q.read(), READ_BUDGET_NANOS);
            if (now != null) {
                send(rc, JsonResponses.render(now, q.style(), start));
                return;
            }
            goOn(rc, q, statements, false);
        } catch (NotLeaderException e) {
            goOn(rc, q, statements, true);
        }
    }

    /** The read's statements, or null when they are better read on a worker (or not there at all). */
    private static List<Statement> queryStatements(RoutingContext rc, QueryParams q) {
        if (rc.request().method() == HttpMethod.GET) {
            return q.get("q").isEmpty() ? null : List.of(Statement.of(q.get("q")));
        }
        return rc.request().method() == HttpMethod.POST ? bodyStatements(rc) : null;
    }

    private void execute(RoutingContext rc) {
        long start = System.nanoTime();
        QueryParams q;
        List<Statement> statements;
        try {
            q = QueryParams.validated(rc.request().params(true));
            statements = bodyStatements(rc);
        } catch (BadRequestException e) {
            rc.next();
            return;
        }
        if (statements == null) {
            goOn(rc, q, null, false);
        } else if (q.has("queue")) {
            enqueue(rc, q, statements);
        } else {
            try {
                write(rc, q, statements, start);
            } catch (NotLeaderException e) {
                goOn(rc, q, statements, true);
            }
        }
    }

    /** Proposes the write; RAFT's thread completes it and the answer is rendered back on this request's context. */
    private void write(RoutingContext rc, QueryParams q, List<Statement> statements, long start)
            throws NotLeaderException {
        var applied = store.execute(statements, q.has("transaction"), q.has("timings"), q.millis("db_timeout", 0),
                q.rewrite(), rc.request().getHeader("traceparent"));
        Future.fromCompletionStage(applied, Vertx.currentContext()).onComplete(outcome -> {
            if (outcome.succeeded()) {
                send(rc, JsonResponses.render(outcome.result(), q.style(), start));
            } else if (DbResource.causedBy(outcome.cause()) instanceof NotLeaderException) {
                goOn(rc, q, statements, true);
            } else {
                rc.fail(DbResource.causedBy(outcome.cause()));
            }
        });
    }

    /** A queued write that finds room, without {@code &wait}; the others wait on a worker. */
    private void enqueue(RoutingContext rc, QueryParams q, List<Statement> statements) {
        long sequence = q.has("wait") || (!q.has("noleader") && store.leader() == null) ? -1
                : store.tryEnqueue(statements, q.rewrite());
        if (sequence < 0) {
            goOn(rc, q, statements, false);
            return;
        }
        send(rc, JsonResponses.queued(sequence, q.has("pretty")));
    }

    /** The statements of a body small enough to parse here; null for a larger one, parsed on a worker. */
    private static List<Statement> bodyStatements(RoutingContext rc) {
        Buffer body = rc.get(BODY);
        if (body.length() > DbResource.INLINE_BODY_BYTES) {
            return null;
        }
        return DbResource.statements(body.getBytes(), rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
    }

    private void send(RoutingContext rc, String json) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.JSON)
                .putHeader(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).end(json);
    }
}
