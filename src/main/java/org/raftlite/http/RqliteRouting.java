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

    public RqliteRouting(@ConfigProperty(name = "raftlite.api-version") String version,
                         @ConfigProperty(name = "raftlite.http-allow-origin") Optional<String> allowOrigin) {
        this.version = version;
        this.allowOrigin = allowOrigin;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::addHeaders);
        router.route().order(Integer.MAX_VALUE).handler(rc -> rc.response().setStatusCode(404).end());
    }

    void addHeaders(RoutingContext rc) {
        var headers = rc.response().headers();
        headers.set(VERSION_HEADER, version);
        headers.set("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
        headers.set("Access-Control-Allow-Headers", "Content-Type");
        allowOrigin.ifPresent(origin -> headers.set("Access-Control-Allow-Origin", origin));
        if (rc.request().method() == HttpMethod.OPTIONS) {
            rc.response().setStatusCode(200).end();
            return;
        }
        rc.next();
    }
}
