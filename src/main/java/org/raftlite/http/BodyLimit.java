package org.raftlite.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body declared larger than the limit with 413 and a plain-text reason, before any of it is read;
 * Vert.x's own refusal has an empty body. Bodies sent without a length are cut off at the limit as they arrive, by
 * Quarkus REST or by {@link #read}.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 20).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            refuse(rc);
            return;
        }
        rc.next();
    }

    /**
     * Reads the whole body, within the limit, for a route that serves the request itself. Vert.x's BodyHandler would
     * decode a body sent as a form (curl's {@code -d} without a type), which rqlite clients do with JSON.
     */
    void read(RoutingContext rc, Handler<Buffer> then) {
        Buffer body = Buffer.buffer();
        var request = rc.request();
        request.exceptionHandler(failure -> {
            if (!rc.response().ended()) {
                rc.fail(failure);
            }
        });
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxBytes) {
                request.handler(null);
                refuse(rc);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!rc.response().ended()) {
                then.handle(body);
            }
        });
    }

    private void refuse(RoutingContext rc) {
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("request body too large: the limit is " + maxBytes + " bytes\n")
                .onComplete(done -> rc.request().connection().close());
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
