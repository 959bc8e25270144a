package org.raftlite.http;

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
 * {@code /db/query} answered by Vert.x itself when the read can be done at once: a weak read on the leader or a none
 * read anywhere, whose SQL ends within {@link #BUDGET_NANOS} on the event loop. For such a read Quarkus REST's
 * per-request work (request scope, body reader and writer lookup, parameter maps, a task hop) cost as much as the
 * SQL. Every other request, including one this route cannot make sense of, goes on to {@link DbResource}, which
 * serves it on a worker, forwards it, or reports its error; the body read here goes along in the routing context.
 */
@ApplicationScoped
public class InlineQueries {

    static final String PATH = "/db/query";
    /** SQL time a read may take on the event loop before it is stopped and run again on a worker. */
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final String BODY = "raftlite.body";

    private final Store store;
    private final BodyLimit limit;

    public InlineQueries(Store store, BodyLimit limit) {
        this.store = store;
        this.limit = limit;
    }

    void register(@Observes Router router) {
        router.route(PATH).order(Integer.MIN_VALUE + 30).handler(this::route);
    }

    private void route(RoutingContext rc) {
        if (rc.request().method() == HttpMethod.POST) {
            limit.read(rc, body -> {
                rc.put(BODY, body);
                answer(rc);
            });
        } else {
            answer(rc);
        }
    }

    private void answer(RoutingContext rc) {
        long start = System.nanoTime();
        QueryParams q;
        Response now;
        try {
            q = QueryParams.validated(rc.request().params(true));
            List<Statement> statements = statements(rc, q);
            now = statements == null ? null : store.queryNow(statements, q.has("transaction"), q.has("timings"),
                    q.millis("db_timeout", 0), q.read(), BUDGET_NANOS);
        } catch (BadRequestException | NotLeaderException e) {
            rc.next();
            return;
        }
        if (now == null) {
            rc.next();
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.JSON)
                .putHeader(JsonResponses.SERVED_BY, store.advertisedHttpAddr())
                .end(JsonResponses.render(now, q.style(), start));
    }

    /** The request's statements, or null when they are better read on a worker (or not there at all). */
    private static List<Statement> statements(RoutingContext rc, QueryParams q) {
        if (rc.request().method() == HttpMethod.GET) {
            return q.get("q").isEmpty() ? null : List.of(Statement.of(q.get("q")));
        }
        if (rc.request().method() != HttpMethod.POST || rc.<Buffer>get(BODY).length() > DbResource.INLINE_BODY_BYTES) {
            return null;
        }
        return DbResource.statements(body(rc), rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
    }

    /** The body this route read, for {@link DbResource} when the request goes on there. */
    static byte[] body(RoutingContext rc) {
        return rc.<Buffer>get(BODY).getBytes();
    }
}
