package org.raftlite.http;

import org.raftlite.json.GoJson;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.raftlite.command.Level;
import org.raftlite.command.Statement;
import org.raftlite.command.Request;
import org.raftlite.store.Outcome;
import org.raftlite.store.Store;

/** {@code /status} and {@code /readyz}, in rqlite's shapes (API.md §8.1, §8.4). */
@Path("/")
@Blocking
public class StatusResource {

    private static final long DEFAULT_SYNC_TIMEOUT_MS = 30_000;

    private final Store store;
    private final StatusReport report;
    private final LeaderProxy proxy;

    public StatusResource(Store store, StatusReport report, LeaderProxy proxy) {
        this.store = store;
        this.report = report;
        this.proxy = proxy;
    }

    @GET
    @Path("status")
    public Response status(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        Object body = report.build();
        if (q.has("key")) {
            body = subTree(body, q.get("key"));
        }
        return Response.ok(GoJson.write(body, q.has("pretty")), JsonResponses.JSON).build();
    }

    private static Object subTree(Object tree, String dottedKey) {
        Object node = tree;
        for (String part : dottedKey.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Map.of();
            }
            node = map.get(part);
        }
        return node;
    }

    @GET
    @Path("readyz")
    public Response readyz(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        if (q.has("noleader")) {
            return text(200, "[+]node ok");
        }
        if (!store.hasLeader()) {
            return text(503, "[+]node ok\n[+]leader does not exist");
        }
        if (!store.isReady()) {
            return text(503, "[+]node ok\n[+]leader ok\n[+]store not ready");
        }
        String body = "[+]node ok\n[+]leader ok\n[+]store ok";
        if (q.has("sync")) {
            String sync = syncCheck(q.millis("timeout", DEFAULT_SYNC_TIMEOUT_MS));
            body += "\n" + sync;
            if (!sync.equals("[+]sync ok")) {
                return text(503, body);
            }
        }
        String dbCheck = dbCheck();
        return text(dbCheck.equals("[+]db ok") ? 200 : 503, body + "\n" + dbCheck);
    }

    /** {@code sync}: this node has applied everything the leader had committed when asked. */
    private String syncCheck(long timeoutMs) {
        if (store.isLeader()) {
            return "[+]sync ok";
        }
        try {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            long index = proxy.leaderCommitIndex(store.leader(), timeoutMs);
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            return store.awaitApplied(index, Math.max(0, left)) ? "[+]sync ok"
                    : "[+]sync timeout waiting for index " + index;
        } catch (Exception e) {
            return "[+]sync " + e.getMessage();
        }
    }

    private String dbCheck() {
        try {
            var outcome = store.handle(Request.read(List.of(Statement.of("SELECT 1")), Level.NONE))
                    .toCompletableFuture().join();
            if (!(outcome instanceof Outcome.Answered answered)) {
                return "[+]db not ok: (" + outcome + ")";
            }
            var response = answered.response();
            String error = response.error() != null ? response.error() : response.results().get(0).error();
            return error == null ? "[+]db ok" : "[+]db not ok: (" + error + ")";
        } catch (Exception e) {
            return "[+]db not ok: (" + e.getMessage() + ")";
        }
    }

    private static Response text(int status, String body) {
        return Response.status(status).entity(body).type("text/plain; charset=utf-8").build();
    }
}
