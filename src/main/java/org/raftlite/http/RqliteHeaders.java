package org.raftlite.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Optional;

/**
 * Headers rqlite puts on every answer, whatever produced it (API.md §2.3), and its CORS preflight: any
 * {@code OPTIONS} request is answered 200 with an empty body before anything else looks at it.
 */
@ApplicationScoped
public class RqliteHeaders {

    static final String VERSION_HEADER = "X-RQLITE-VERSION";

    private final String version;
    private final Optional<String> allowOrigin;

    public RqliteHeaders(@ConfigProperty(name = "raftlite.api-version") String version,
                         @ConfigProperty(name = "raftlite.http-allow-origin") Optional<String> allowOrigin) {
        this.version = version;
        this.allowOrigin = allowOrigin;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::addHeaders);
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
