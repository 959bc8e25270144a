package org.raftlite.http;

import org.raftlite.json.GoJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.raftlite.command.GoDuration;
import org.raftlite.command.NodeMeta;
import org.raftlite.raft.NotLeaderException;
import org.raftlite.config.NodeConfig;
import org.raftlite.store.Store;

/** Cluster operations: {@code /nodes}, {@code /leader} and {@code /remove} (API.md §8.2, §8.3, §7.2). */
@Path("/")
@Blocking
public class ClusterResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** rqlited's default for how long /nodes waits for each node. */
    private static final long DEFAULT_PROBE_TIMEOUT_MS = 30_000;

    private final Store store;
    private final LeaderProxy proxy;
    private final NodeProbe probe;
    private final String version;

    public ClusterResource(Store store, LeaderProxy proxy, NodeProbe probe, NodeConfig config) {
        this.store = store;
        this.proxy = proxy;
        this.probe = probe;
        this.version = config.apiVersion();
    }

    @GET
    @Path("nodes")
    public Response nodes(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        if (!store.isOpen()) {
            return JsonResponses.plain(503, "store not open");
        }
        NodeMeta leader = store.leader();
        long timeoutMs = q.millis("timeout", DEFAULT_PROBE_TIMEOUT_MS);
        List<NodeMeta> listed = store.nodes().stream().filter(n -> n.voter() || q.has("nonvoters"))
                .sorted(java.util.Comparator.comparing(NodeMeta::id)).toList();
        List<CompletableFuture<Map<String, Object>>> answers = listed.stream()
                .map(node -> tested(node, leader, timeoutMs)).toList();
        List<Object> list = new ArrayList<>();
        Map<String, Object> byId = GoJson.goMap();
        for (int i = 0; i < listed.size(); i++) {
            Map<String, Object> json = answers.get(i).join();
            list.add(json);
            byId.put(listed.get(i).id(), json);
        }
        Object body = "2".equals(q.get("ver")) ? Map.of("nodes", list) : byId;
        return Response.ok(GoJson.write(body, q.has("pretty")), JsonResponses.JSON).build();
    }

    /** rqlited's Node as it writes it once asked: a struct, so in field order, empty fields left out. */
    private CompletableFuture<Map<String, Object>> tested(NodeMeta node, NodeMeta leader, long timeoutMs) {
        return probe.probe(node, node.id().equals(store.nodeId()), version, timeoutMs).thenApply(outcome -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", node.id());
            if (outcome.reachable()) {
                json.put("api_addr", "http://" + node.apiAddr());
            }
            json.put("addr", node.raftAddr());
            json.put("version", outcome.version());
            json.put("voter", node.voter());
            json.put("reachable", outcome.reachable());
            json.put("leader", outcome.reachable() && leader != null && leader.id().equals(node.id()));
            if (outcome.nanos() > 0) {
                json.put("time", outcome.nanos() / 1e9);
                json.put("time_s", GoDuration.format(java.time.Duration.ofNanos(outcome.nanos())));
            }
            if (outcome.error() != null) {
                json.put("error", outcome.error());
            }
            return json;
        });
    }

    @GET
    @Path("leader")
    public Response leader(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        NodeMeta leader = store.leader();
        if (leader == null) {
            return JsonResponses.leaderNotFound();
        }
        Map<String, Object> json = tested(leader, leader, q.millis("timeout", DEFAULT_PROBE_TIMEOUT_MS)).join();
        return Response.ok(GoJson.write(json, q.has("pretty")), JsonResponses.JSON).build();
    }

    @POST
    @Path("leader")
    public Response stepDown(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        String target = null;
        String type = headers.getHeaderString("Content-Type");
        if (body != null && body.length > 0 && type != null && type.startsWith("application/json")) {
            try {
                JsonNode json = MAPPER.readTree(body);
                target = json.path("id").isTextual() ? json.get("id").textValue() : null;
            } catch (IOException e) {
                return JsonResponses.plain(400, "invalid JSON: " + e.getMessage());
            }
        }
        try {
            if (!store.stepDown(target, q.has("wait") ? q.millis("timeout", 30_000) : 0)) {
                return JsonResponses.plain(500, "stepdown: no new leader within the timeout");
            }
            return Response.ok().header(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).build();
        } catch (NotLeaderException e) {
            return proxy.toLeader("POST", uri, headers, body);
        } catch (Exception e) {
            return JsonResponses.plain(500, "stepdown: " + e.getMessage());
        }
    }

    @POST
    @Path("snapshot")
    public Response snapshot(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        try {
            return store.snapshotNow(q.millis("timeout", 30_000), q.integer("trailing_logs", 0))
                    ? Response.ok().build()
                    : Response.noContent().build();
        } catch (Exception e) {
            return JsonResponses.plain(500, "snapshot: " + e.getMessage());
        }
    }

    @DELETE
    @Path("remove")
    public Response remove(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        QueryParams.validated(uri.getQueryParameters());
        String id = nodeId(body);
        if (id == null) {
            return Response.status(400).build();
        }
        try {
            store.removeNode(id);
            return Response.ok().header(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).build();
        } catch (NotLeaderException e) {
            return proxy.toLeader("DELETE", uri, headers, body);
        } catch (Exception e) {
            return JsonResponses.plain(500, "remove: " + e.getMessage());
        }
    }

    /** The id of a {@code {"id": "..."}} body with exactly that one key, or null. */
    private static String nodeId(byte[] body) {
        try {
            JsonNode json = body == null || body.length == 0 ? null : MAPPER.readTree(body);
            if (json == null || !json.isObject() || json.size() != 1 || !json.path("id").isTextual()) {
                return null;
            }
            return json.get("id").textValue();
        } catch (IOException e) {
            return null;
        }
    }
}
