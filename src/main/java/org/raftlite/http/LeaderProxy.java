package org.raftlite.http;

import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.raftlite.command.NodeMeta;
import org.raftlite.store.Store;
import org.raftlite.telemetry.Telemetry;

/**
 * A follower's way to the leader (DESIGN.md decision 5, API.md §6): the whole HTTP request is proxied to the
 * leader's advertised API address in one hop and its answer relayed, or, with {@code ?redirect}, the client is sent
 * there with a 301. A request that was already forwarded is never forwarded again.
 */
@ApplicationScoped
public class LeaderProxy {

    static final String FORWARDED = "X-Raftlite-Forwarded";
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Authorization", "traceparent",
            "tracestate");
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final Store store;
    private final Telemetry telemetry;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public LeaderProxy(Store store, Telemetry telemetry) {
        this.store = store;
        this.telemetry = telemetry;
    }

    /** Answers a request this node cannot serve itself because it is not the leader. */
    Response toLeader(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        NodeMeta leader = store.leader();
        if (leader == null || leader.id().equals(store.nodeId())) {
            return JsonResponses.leaderNotFound();
        }
        String target = "http://" + leader.apiAddr() + uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        if (q.has("redirect")) {
            return redirect(method, uri.getRequestUri().getRawPath(), target);
        }
        if (headers.getHeaderString(FORWARDED) != null) {
            return JsonResponses.leaderNotFound();
        }
        return forward(method, uri.getRequestUri().getRawPath(), target, headers, body,
                q.millis("timeout", DEFAULT_TIMEOUT_MS), leader);
    }

    /**
     * The 301 Go's {@code http.Redirect} writes for rqlited: the data endpoints have set their JSON type before,
     * which leaves the body out; elsewhere a GET gets the HTML link and a type that says so.
     */
    private static Response redirect(String method, String path, String target) {
        Response.ResponseBuilder moved = Response.status(301).header("Location", target);
        if (path.startsWith("/db/execute") || path.startsWith("/db/query") || path.startsWith("/db/request")) {
            return moved.type(JsonResponses.JSON).build();
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            moved.type("text/html; charset=utf-8");
        }
        return method.equals("GET") ? moved.entity("<a href=\"" + target + "\">Moved Permanently</a>.\n\n").build()
                : moved.build();
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

    /** One hop to the leader inside an HTTP client span, whose context replaces the client's trace headers. */
    private Response forward(String method, String endpoint, String target, HttpHeaders headers, byte[] body,
                             long timeoutMs, NodeMeta leader) {
        URI targetUri = URI.create(target);
        HttpRequest.Builder request = HttpRequest.newBuilder(targetUri)
                .timeout(Duration.ofMillis(timeoutMs)).header(FORWARDED, store.nodeId())
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> traceHeaders = new HashMap<>();
        Span span = telemetry.startForward(method, endpoint, targetUri, traceHeaders::put);
        traceHeaders.forEach(request::header);
        for (String name : PASSED_HEADERS) {
            String value = headers.getHeaderString(name);
            if (value != null && !traceHeaders.containsKey(name)) {
                request.header(name, value);
            }
        }
        String counter = remoteCounter(endpoint);
        try {
            HttpResponse<byte[]> answer = send(request.build(), span);
            if (counter != null) {
                telemetry.count("proxy", counter);
            }
            Response.ResponseBuilder relayed = Response.status(answer.statusCode()).entity(answer.body());
            answer.headers().firstValue("Content-Type").ifPresent(relayed::type);
            answer.headers().firstValue("Location").ifPresent(l -> relayed.header("Location", l));
            if (answer.statusCode() == 200) {
                relayed.header(JsonResponses.SERVED_BY, leader.raftAddr());
            }
            return relayed.build();
        } catch (IOException e) {
            if (counter != null && !counter.endsWith("_node") && !counter.equals("remote_backups")
                    && !counter.equals("remote_stepdowns")) {
                telemetry.count("proxy", counter + "_failed");
            }
            return Response.ok("{\"results\":[],\"error\":" + GoJson.write(String.valueOf(e.getMessage()), false)
                    + "}", JsonResponses.JSON).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonResponses.leaderNotFound();
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

    private HttpResponse<byte[]> send(HttpRequest request, Span span) throws IOException, InterruptedException {
        try {
            HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            telemetry.endForward(span, answer.statusCode(), null);
            return answer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            telemetry.endForward(span, 0, e);
            throw e;
        }
    }
}
