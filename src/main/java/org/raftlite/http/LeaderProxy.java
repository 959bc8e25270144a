package org.raftlite.http;

import org.raftlite.json.GoJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.raftlite.command.Command;
import org.raftlite.command.NodeMeta;
import org.raftlite.store.LeaderLink;
import org.raftlite.store.Store;
import org.raftlite.telemetry.Telemetry;

/**
 * The one way from a follower to the leader (DESIGN.md decision 5, API.md §6): a request this node cannot serve is
 * proxied to the leader's advertised API address in one hop and its answer relayed, or, with {@code ?redirect}, the
 * client is sent there with a 301, or refused with 503 {@code leader not found} when there is no leader to go to. A
 * request that was already forwarded is never forwarded again. The store's queued batches take the same hop
 * ({@link LeaderLink}).
 */
@ApplicationScoped
public class LeaderProxy implements LeaderLink {

    static final String FORWARDED = "X-Raftlite-Forwarded";
    /** The identity of a queued batch a follower hands to the leader. */
    static final String BATCH = "X-Raftlite-Batch";
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Authorization", "traceparent",
            "tracestate");
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request as it came, to go to the leader. */
    record Hop(String method, String path, String rawQuery, UnaryOperator<String> header, byte[] body,
               QueryParams params) {
    }

    /** What goes back to the client: the leader's answer, a redirect, or a refusal. */
    record Relayed(int status, String type, String location, String servedBy, byte[] body) {
    }

    private final Store store;
    private final Telemetry telemetry;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public LeaderProxy(Store store, Telemetry telemetry) {
        this.store = store;
        this.telemetry = telemetry;
    }

    /** For a Vert.x route: answers the request on its own context once the leader has. */
    void toLeader(RoutingContext rc, QueryParams q, byte[] body) {
        Context context = Vertx.currentContext();
        var request = rc.request();
        Hop hop = new Hop(request.method().name(), request.path(), request.query(), request::getHeader, body, q);
        toLeader(hop).whenComplete((relayed, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                rc.fail(failure);
                return;
            }
            var response = rc.response().setStatusCode(relayed.status());
            if (relayed.type() != null) {
                response.putHeader("Content-Type", relayed.type());
            }
            if (relayed.location() != null) {
                response.putHeader("Location", relayed.location());
            }
            if (relayed.servedBy() != null) {
                response.putHeader(JsonResponses.SERVED_BY, relayed.servedBy());
            }
            response.end(io.vertx.core.buffer.Buffer.buffer(relayed.body()));
        }));
    }

    /** For a JAX-RS resource, on a worker thread: the leader's answer as a response. */
    Response toLeader(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Hop hop = new Hop(method, uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(),
                headers::getHeaderString, body, QueryParams.validated(uri.getQueryParameters()));
        Relayed relayed = toLeader(hop).toCompletableFuture().join();
        Response.ResponseBuilder answer = Response.status(relayed.status()).entity(relayed.body());
        if (relayed.type() != null) {
            answer.type(relayed.type());
        }
        if (relayed.location() != null) {
            answer.header("Location", relayed.location());
        }
        if (relayed.servedBy() != null) {
            answer.header(JsonResponses.SERVED_BY, relayed.servedBy());
        }
        return answer.build();
    }

    private CompletionStage<Relayed> toLeader(Hop hop) {
        NodeMeta leader = store.leader();
        if (leader == null || leader.id().equals(store.nodeId())) {
            return CompletableFuture.completedStage(leaderNotFound());
        }
        String target = "http://" + leader.apiAddr() + hop.path()
                + (hop.rawQuery() == null ? "" : "?" + hop.rawQuery());
        if (hop.params().has("redirect")) {
            return CompletableFuture.completedStage(redirect(hop.method(), hop.path(), target));
        }
        if (hop.header().apply(FORWARDED) != null) {
            return CompletableFuture.completedStage(leaderNotFound());
        }
        return forward(hop, target, leader);
    }

    private static Relayed leaderNotFound() {
        return new Relayed(503, JsonResponses.TEXT, null, null,
                JsonResponses.LEADER_NOT_FOUND.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The 301 Go's {@code http.Redirect} writes for rqlited: the data endpoints have set their JSON type before,
     * which leaves the body out; elsewhere a GET gets the HTML link and a type that says so.
     */
    private static Relayed redirect(String method, String path, String target) {
        if (path.startsWith("/db/execute") || path.startsWith("/db/query") || path.startsWith("/db/request")) {
            return new Relayed(301, JsonResponses.JSON, target, null, new byte[0]);
        }
        String type = method.equals("GET") || method.equals("HEAD") ? "text/html; charset=utf-8" : null;
        byte[] body = method.equals("GET")
                ? ("<a href=\"" + target + "\">Moved Permanently</a>.\n\n").getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        return new Relayed(301, type, target, null, body);
    }

    /** One hop to the leader inside an HTTP client span, whose context replaces the client's trace headers. */
    private CompletionStage<Relayed> forward(Hop hop, String target, NodeMeta leader) {
        URI targetUri = URI.create(target);
        HttpRequest.Builder request = HttpRequest.newBuilder(targetUri)
                .timeout(Duration.ofMillis(hop.params().millis("timeout", DEFAULT_TIMEOUT_MS)))
                .header(FORWARDED, store.nodeId())
                .method(hop.method(), hop.body() == null || hop.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(hop.body()));
        Map<String, String> traceHeaders = new HashMap<>();
        Span span = telemetry.startForward(hop.method(), hop.path(), targetUri, traceHeaders::put);
        traceHeaders.forEach(request::header);
        for (String name : PASSED_HEADERS) {
            String value = hop.header().apply(name);
            if (value != null && !traceHeaders.containsKey(name)) {
                request.header(name, value);
            }
        }
        String counter = remoteCounter(hop.path());
        return send(request.build(), span).handle((answer, failure) -> {
            if (failure != null) {
                if (counter != null && !counter.endsWith("_node") && !counter.equals("remote_backups")
                        && !counter.equals("remote_stepdowns")) {
                    telemetry.count("proxy", counter + "_failed");
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return new Relayed(200, JsonResponses.JSON, null, null, ("{\"results\":[],\"error\":"
                        + GoJson.write(String.valueOf(cause.getMessage()), false) + "}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (counter != null) {
                telemetry.count("proxy", counter);
            }
            return new Relayed(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null),
                    answer.headers().firstValue("Location").orElse(null),
                    answer.statusCode() == 200 ? leader.raftAddr() : null, answer.body());
        });
    }

    /**
     * A queued batch, sent as rqlited's queue sends it: to the leader's {@code /db/execute}, without credentials
     * (under {@code -auth} the leader takes it when its anonymous user may execute), and named so that the leader's
     * state machine applies it once however often it arrives.
     */
    @Override
    public CompletionStage<org.raftlite.command.Response> executeBatch(NodeMeta leader, Command batch) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + leader.apiAddr()
                        + "/db/execute?raft_index" + (batch.transaction() ? "&transaction" : "")))
                .timeout(Duration.ofMillis(DEFAULT_TIMEOUT_MS)).header("Content-Type", "application/json")
                .header(BATCH, batch.batch().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(RequestParser.write(batch.statements()))).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(answer -> {
            telemetry.count("proxy", "remote_executions");
            String body = new String(answer.body(), StandardCharsets.UTF_8).trim();
            if (answer.statusCode() != 200) {
                return org.raftlite.command.Response.failed(answer.statusCode() == 401 ? "unauthorized"
                        : "leader answered " + answer.statusCode() + ": " + body);
            }
            try {
                JsonNode answered = MAPPER.readTree(body);
                JsonNode error = answered.get("error");
                return error == null ? org.raftlite.command.Response.of(List.of())
                        .withRaftIndex(answered.path("raft_index").asLong())
                        : org.raftlite.command.Response.failed(error.asText());
            } catch (IOException e) {
                return org.raftlite.command.Response.failed("leader answered " + body);
            }
        });
    }

    /** The leader's commit index as it reports it, for {@code /readyz?sync}. */
    long leaderCommitIndex(NodeMeta leader, long timeoutMs) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + leader.apiAddr()
                + "/status?key=store.raft.commit_index")).timeout(Duration.ofMillis(timeoutMs)).GET().build();
        String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
        try {
            return Long.parseLong(body);
        } catch (NumberFormatException e) {
            throw new IOException("leader answered " + body);
        }
    }

    /** rqlited's proxy counter for a forwarded endpoint, or null for one it does not count. */
    private static String remoteCounter(String endpoint) {
        return switch (endpoint) {
            case "/db/execute" -> "remote_executions";
            case "/db/query" -> "remote_queries";
            case "/db/request" -> "remote_requests";
            case "/db/backup" -> "remote_backups";
            case "/leader" -> "remote_stepdowns";
            case "/remove" -> "remote_remove_node";
            default -> null;
        };
    }

    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request, Span span) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, failure) ->
                telemetry.endForward(span, answer == null ? 0 : answer.statusCode(), failure));
    }
}
