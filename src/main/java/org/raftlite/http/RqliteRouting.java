package org.raftlite.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Optional;

/**
 * rqlite's routing around the endpoints (API.md §2.1, §2.3): its headers on every answer, whatever produced it; CORS
 * preflight, any {@code OPTIONS} request answered 200 with an empty body before anything else looks at it; and an
 * empty 404 for paths nothing serves.
 */
@ApplicationScoped
public class RqliteRouting {

    static final String VERSION_HEADER = "X-RQLITE-VERSION";

    private final String version;
    private final Optional<String> allowOrigin;
    private final boolean auth;

    public RqliteRouting(@ConfigProperty(name = "raftlite.api-version") String version,
                         @ConfigProperty(name = "raftlite.http-allow-origin") Optional<String> allowOrigin,
                         org.raftlite.auth.Credentials credentials) {
        this.version = version;
        this.allowOrigin = allowOrigin;
        this.auth = credentials.enabled();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::addHeaders).failureHandler(this::failed);
        router.route().order(Integer.MAX_VALUE).handler(rc -> rc.response().setStatusCode(404).end());
    }

    /** A failure on a route of ours or of Vert.x (a body over the limit), answered as {@link Failures} says. */
    void failed(RoutingContext rc) {
        var response = rc.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Failures.Answer answer = Failures.of(rc.failure(), rc.statusCode());
        response.setStatusCode(answer.status());
        if (answer.type() == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", answer.type()).end(answer.body());
        }
    }

    void addHeaders(RoutingContext rc) {
        var headers = rc.response().headers();
        headers.set(VERSION_HEADER, version);
        headers.set("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
        // rqlited lets a browser send credentials across origins when it checks them
        if (auth) {
            headers.set("Access-Control-Allow-Headers", "Content-Type, Authorization");
            headers.set("Access-Control-Allow-Credentials", "true");
        } else {
            headers.set("Access-Control-Allow-Headers", "Content-Type");
        }
        allowOrigin.ifPresent(origin -> headers.set("Access-Control-Allow-Origin", origin));
        if (rc.request().method() == HttpMethod.OPTIONS) {
            rc.response().setStatusCode(200).end();
            return;
        }
        rc.next();
    }
}
