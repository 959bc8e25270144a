package org.raftlite.http;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.raftlite.command.NodeMeta;

/**
 * Asks a node whether it answers, as rqlited's {@code /nodes} does for every node within the request's timeout:
 * any HTTP answer from its API address counts (to /readyz, which leaves no trace; a 503 or a 401 under -auth too),
 * and says which version it runs. This node answers for itself without a hop.
 */
@ApplicationScoped
public class NodeProbe {

    /** What a node's answer showed: its version when it answered, or why it did not; and how long it took. */
    record Outcome(boolean reachable, String version, String error, long nanos) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    CompletableFuture<Outcome> probe(NodeMeta node, boolean self, String ownVersion, long timeoutMs) {
        long start = System.nanoTime();
        if (self) {
            return CompletableFuture.completedFuture(new Outcome(true, ownVersion, null, System.nanoTime() - start));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.apiAddr() + "/readyz"))
                .timeout(Duration.ofMillis(timeoutMs)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> failure == null
                        ? new Outcome(true, answer.headers().firstValue(RqliteRouting.VERSION_HEADER)
                                .orElse("unknown"), null, System.nanoTime() - start)
                        : new Outcome(false, "", why(node, failure), System.nanoTime() - start));
    }

    /** The failure in the words rqlited's cluster client would use. */
    private static String why(NodeMeta node, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "timeout waiting for node to respond";
        }
        if (cause instanceof ConnectException) {
            return "dial tcp " + node.apiAddr() + ": connect: connection refused";
        }
        return String.valueOf(cause.getMessage());
    }
}
