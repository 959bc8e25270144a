package org.raftlite.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.raftlite.auth.Credentials;
import org.raftlite.store.SnapshotFile;

/**
 * With {@code -auth}, every endpoint asks for rqlited's permission for it (API.md §9) before anything reads the
 * body; a caller without it gets rqlited's empty 401 with its Basic challenge. A forwarded request carries its
 * caller's Authorization header, so the leader decides again. Registered only when a file is given: without one
 * nothing is checked.
 */
@ApplicationScoped
public class AccessControl {

    /** Path prefixes and the permissions each needs, all of them; the first prefix that matches counts. */
    private static final List<Map.Entry<String, List<String>>> PERMS = List.of(
            Map.entry("/db/execute", List.of("execute")),
            Map.entry("/db/query", List.of("query")),
            Map.entry("/db/request", List.of("query", "execute")),
            Map.entry("/db/backup", List.of("backup")),
            Map.entry("/db/load", List.of("load")),
            Map.entry("/boot", List.of("load")),
            Map.entry("/remove", List.of("remove")),
            Map.entry("/status", List.of("status")),
            Map.entry("/nodes", List.of("status")),
            Map.entry("/debug/", List.of("status")),
            Map.entry("/readyz", List.of("ready")),
            Map.entry("/snapshot", List.of("snapshot")),
            Map.entry("/reap", List.of("snapshot")),
            Map.entry("/leader", List.of("leader-ops")),
            // a node's copy of the whole database, fetched by nodes catching up with their -join-as user
            Map.entry(SnapshotFile.PATH, List.of("join")));

    private final Credentials credentials;

    public AccessControl(Credentials credentials) {
        this.credentials = credentials;
    }

    void register(@Observes Router router) {
        if (credentials.enabled()) {
            router.route().order(Integer.MIN_VALUE + 15).handler(this::check);
        }
    }

    private void check(RoutingContext rc) {
        List<String> needed = needed(rc.normalizedPath());
        Caller caller = Caller.of(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        for (String perm : needed) {
            if (!credentials.allows(caller.user(), caller.password(), perm)) {
                rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"rqlite\"")
                        .end();
                return;
            }
        }
        rc.next();
    }

    static List<String> needed(String path) {
        for (Map.Entry<String, List<String>> entry : PERMS) {
            if (path.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return List.of();
    }

    /** The user name and password of a Basic Authorization header; both null when there is none or it is garbled. */
    record Caller(String user, String password) {

        private static final Caller ANONYMOUS = new Caller(null, null);

        static Caller of(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return ANONYMOUS;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? ANONYMOUS : new Caller(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                return ANONYMOUS;
            }
        }
    }
}
