package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;

/**
 * Harnesses poll /status from a node's launch until it answers and read it while the node joins: it must answer
 * 200 at every moment, also while the Raft channel connects and while the join is retried.
 */
class StatusPollIT {

    @Test
    void statusAnswers200FromLaunchThroughAJoinThatFailsThenSucceeds() throws Exception {
        Path root = Files.createTempDirectory("raftlite-poll");
        NodeProcess first = new NodeProcess("1", root.resolve("node1"));
        NodeProcess joiner = new NodeProcess("2", root.resolve("node2"), "-join", first.raftAddress(),
                "-join-interval", "1s", "-join-attempts", "120");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            HttpRequest status = HttpRequest.newBuilder(URI.create("http://" + joiner.httpAddress() + "/status"))
                    .timeout(Duration.ofSeconds(10)).build();
            while (polling.get()) {
                try {
                    HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() != 200) {
                        System.err.println("/status answered " + r.statusCode() + ": " + r.body());
                    }
                    Thread.sleep(20);
                } catch (java.io.IOException notListeningYet) {
                    // the node's HTTP server is not up yet
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (first; joiner) {
            joiner.start();
            poller.start();
            Cluster.await(Duration.ofSeconds(60), "the joiner to answer /status and retry its join",
                    () -> statuses.getOrDefault(200, 0) > 50);
            first.start().awaitReady();
            joiner.awaitReady();
            Cluster.await(Duration.ofSeconds(60), "the joiner registered as a voter",
                    () -> first.nodesJson().contains("\"2\":{\"id\":\"2\""));
        } finally {
            polling.set(false);
            poller.join(15_000);
        }
        assertEquals(Map.of(200, statuses.get(200)), new TreeMap<>(statuses), "every /status answer");
        assertTrue(statuses.get(200) > 100, statuses.toString());
    }
}
