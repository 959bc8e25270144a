package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;
import org.raftlite.testing.OtlpReceiver;
import org.raftlite.testing.OtlpReceiver.ReceivedSpan;
import org.raftlite.testing.PrometheusNames;

/**
 * A 3-node cluster exporting OTLP to a receiver in this JVM: one write sent to a follower arrives as one trace
 * across the three nodes, the DESIGN.md metrics arrive with their units and node ids, and every metric the shipped
 * dashboards and alert rules query is one the nodes export.
 */
class TelemetryIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The cluster's node ids; the gRPC test adds a node of its own. */
    private static final Set<String> CLUSTER = Set.of("1", "2", "3");
    private static OtlpReceiver receiver;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        receiver = new OtlpReceiver();
        cluster = Cluster.start(3, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "100", "OTEL_METRIC_EXPORT_INTERVAL", "1000"), "-cdc-config", "stdout");
        cluster.leader().execute("[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)\"]");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aWriteSentToAFollowerIsOneTraceFromItsRequestToTheApplyOnEveryNode() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess follower = cluster.followers().get(0);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String clientSpanId = HexFormat.of().formatHex(randomBytes(8));
        String body = post(follower, "/db/execute", "00-" + traceId + "-" + clientSpanId + "-01",
                "[[\"INSERT INTO foo(name) VALUES(?)\", \"x\"], [\"INSERT INTO nosuch VALUES(1)\"]]");
        assertTrue(body.contains("\"rows_affected\":1") && body.contains("no such table: nosuch"), body);

        Cluster.await(ARRIVAL, "three raft.apply spans and six SQL spans of the trace", () -> {
            List<ReceivedSpan> trace = trace(traceId);
            return trace.stream().filter(s -> s.name().equals("raft.apply")).count() == 3
                    && trace.stream().filter(s -> s.attribute("db.system.name") != null).count() == 6;
        });
        List<ReceivedSpan> trace = trace(traceId);

        ReceivedSpan followerServer = only(trace, s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                && s.node().equals(follower.nodeId()));
        assertEquals(clientSpanId, followerServer.parentSpanId());
        assertEquals("POST /db/execute", followerServer.name());
        ReceivedSpan proxyHop = only(trace, s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT
                && s.attribute("http.request.method") != null);
        assertEquals(follower.nodeId(), proxyHop.node());
        assertEquals(followerServer.spanId(), proxyHop.parentSpanId());
        assertEquals("POST", proxyHop.name());
        assertEquals("200", proxyHop.attribute("http.response.status_code"));
        ReceivedSpan leaderServer = only(trace, s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                && s.node().equals(leader.nodeId()));
        assertEquals(proxyHop.spanId(), leaderServer.parentSpanId());

        assertTrue(receiver.spans().stream().noneMatch(s -> s.name().startsWith("GET /readyz")),
                "readiness probes leave no traces");

        ReceivedSpan propose = only(trace, s -> s.name().equals("raft.propose"));
        assertEquals(leader.nodeId(), propose.node());
        assertEquals(leaderServer.spanId(), propose.parentSpanId());
        assertEquals("2", propose.attribute("raftlite.statements"));
        assertTrue(Long.parseLong(propose.attribute("raft.index")) > 0);
        assertNotNull(propose.attribute("raft.term"));

        List<ReceivedSpan> applies = trace.stream().filter(s -> s.name().equals("raft.apply")).toList();
        assertEquals(Set.of("1", "2", "3"), applies.stream().map(ReceivedSpan::node).collect(Collectors.toSet()));
        for (ReceivedSpan apply : applies) {
            assertEquals(propose.spanId(), apply.parentSpanId(), "apply on node " + apply.node());
            assertEquals(propose.attribute("raft.index"), apply.attribute("raft.index"));
            assertEquals(propose.attribute("raft.term"), apply.attribute("raft.term"));
            assertEquals(apply.node(), apply.attribute("raftlite.node.id"));
            assertEquals(apply.node().equals(leader.nodeId()) ? "leader" : "follower",
                    apply.attribute("raftlite.node.role"));
            assertEquals("raftlite", apply.service());
            assertStatementSpans(trace, apply);
        }
    }

    @Test
    void aCdcBatchIsDeliveredInASpanLinkedToTheWritesItCarries() throws Exception {
        NodeProcess leader = cluster.leader();
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        post(leader, "/db/execute", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01",
                "[[\"INSERT INTO foo(name) VALUES(?)\", \"cdc\"]]");
        Cluster.await(ARRIVAL, "a cdc.deliver span on the leader linked to the write", () -> receiver.spans()
                .stream().anyMatch(s -> s.name().equals("cdc.deliver") && s.node().equals(leader.nodeId())
                        && s.span().getLinksList().stream().anyMatch(l -> HexFormat.of()
                        .formatHex(l.getTraceId().toByteArray()).equals(traceId))));
        assertTrue(leader.logText().contains("\"after\":{\"id\":"), "the stdout sink prints the batch");
        Set<String> cdcMetrics = Set.of("raftlite.cdc.events", "raftlite.cdc.batches", "raftlite.cdc.fifo.length",
                "raftlite.cdc.fifo.size");
        Cluster.await(ARRIVAL, "the CDC metrics", () -> receiver.metrics().stream().map(m -> m.metric().getName())
                .collect(Collectors.toSet()).containsAll(cdcMetrics));
    }

    @Test
    void aReadAnsweredAtOnceAndOneDoneOnAWorkerAreTracedAlike() throws Exception {
        NodeProcess leader = cluster.leader();
        for (String level : List.of("weak", "strong")) {
            String traceId = HexFormat.of().formatHex(randomBytes(16));
            String clientSpanId = HexFormat.of().formatHex(randomBytes(8));
            String body = post(leader, "/db/query?level=" + level, "00-" + traceId + "-" + clientSpanId + "-01",
                    "[\"SELECT count(*) FROM foo\"]");
            assertTrue(body.startsWith("{\"results\":[{\"columns\":[\"count(*)\"]"), body);
            Cluster.await(ARRIVAL, "the server span and the SELECT span of the " + level + " read",
                    () -> trace(traceId).stream().anyMatch(s -> s.name().equals("SELECT foo")
                            && s.node().equals(leader.nodeId()))
                            && trace(traceId).stream().anyMatch(s -> s.name().equals("POST /db/query")));
            List<ReceivedSpan> trace = trace(traceId);
            ReceivedSpan server = only(trace, s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER);
            assertEquals("POST /db/query", server.name(), level);
            assertEquals(clientSpanId, server.parentSpanId(), level);
            ReceivedSpan select = only(trace, s -> s.name().equals("SELECT foo") && s.node().equals(leader.nodeId()));
            assertTrue(descendsFrom(select, server, trace), level + ": the SELECT span is in the request's tree");
            assertEquals("SELECT count(*) FROM foo", select.attribute("db.query.text"), level);
        }
    }

    /** A strong read runs its statement under the Raft apply (on every node), a weak one right under the request. */
    private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> trace) {
        for (ReceivedSpan s = span; s != null; ) {
            if (s.parentSpanId().equals(ancestor.spanId())) {
                return true;
            }
            String parent = s.parentSpanId();
            s = trace.stream().filter(t -> t.spanId().equals(parent)).findFirst().orElse(null);
        }
        return false;
    }

    private static void assertStatementSpans(List<ReceivedSpan> trace, ReceivedSpan apply) {
        List<ReceivedSpan> statements = trace.stream().filter(s -> s.parentSpanId().equals(apply.spanId())).toList();
        assertEquals(2, statements.size(), "SQL spans under the apply on node " + apply.node());
        ReceivedSpan insert = only(statements, s -> s.name().equals("INSERT foo"));
        assertEquals("sqlite", insert.attribute("db.system.name"));
        assertEquals("INSERT", insert.attribute("db.operation.name"));
        assertEquals("foo", insert.attribute("db.collection.name"));
        assertEquals("INSERT INTO foo(name) VALUES(?)", insert.attribute("db.query.text"));
        assertTrue(insert.span().getStatus().getCode() != Status.StatusCode.STATUS_CODE_ERROR);
        ReceivedSpan failed = only(statements, s -> s.name().equals("INSERT nosuch"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, failed.span().getStatus().getCode());
        assertEquals("SQLITE_ERROR", failed.attribute("error.type"));
        assertEquals("nosuch", failed.attribute("db.collection.name"));
    }

    @Test
    void theNodesExportTheDesignMetricsWithUnitsAndNodeIds() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess follower = traffic();

        Map<String, String> units = Map.ofEntries(Map.entry("db.client.operation.duration", "s"),
                Map.entry("raftlite.raft.apply.duration", "s"), Map.entry("raftlite.raft.commit.duration", "s"),
                Map.entry("raftlite.raft.term", ""), Map.entry("raftlite.raft.commit.index", ""),
                Map.entry("raftlite.raft.applied.index", ""), Map.entry("raftlite.raft.is_leader", ""),
                Map.entry("raftlite.raft.leader.changes", ""), Map.entry("raftlite.raft.log.size", "By"),
                Map.entry("raftlite.db.size", "By"), Map.entry("raftlite.snapshot.duration", "s"),
                Map.entry("raftlite.http.forwarded", ""), Map.entry("raftlite.queue.depth", ""),
                Map.entry("http.server.request.duration", "s"), Map.entry("jvm.memory.used", "By"));
        Cluster.await(ARRIVAL, "every metric from the nodes that produce it", () -> {
            Set<String> seen = receiver.metrics().stream().map(m -> m.metric().getName()).collect(Collectors.toSet());
            return seen.containsAll(units.keySet());
        });
        for (OtlpReceiver.ReceivedMetric m : receiver.metrics()) {
            String expected = units.get(m.metric().getName());
            if (expected != null) {
                assertEquals(expected, m.metric().getUnit(), m.metric().getName());
                assertTrue(m.node() != null && !m.node().isEmpty(), m.metric().getName() + " names its node");
                assertEquals("raftlite", m.service());
            }
        }
        assertEquals(Set.of("1", "2", "3"), nodesReporting("raftlite.raft.apply.duration"));
        assertTrue(nodesReporting("raftlite.http.forwarded").contains(follower.nodeId()));
        assertEquals(Set.of(leader.nodeId()), nodesReporting("raftlite.snapshot.duration"));
        Cluster.await(ARRIVAL, "is_leader 1 from the leader only", () -> latestGauges("raftlite.raft.is_leader")
                .equals(Map.of("1", leader.nodeId().equals("1") ? 1L : 0L, "2", leader.nodeId().equals("2") ? 1L
                        : 0L, "3", leader.nodeId().equals("3") ? 1L : 0L)));
        assertTrue(receiver.metrics().stream().filter(m -> m.metric().getName().equals("db.client.operation.duration"))
                .flatMap(m -> m.metric().getHistogram().getDataPointsList().stream())
                .map(p -> OtlpReceiver.attributes(p.getAttributesList()))
                .anyMatch(a -> "INSERT".equals(a.get("db.operation.name")) && "SQLITE_ERROR".equals(a.get("error.type"))),
                "a failed INSERT measured with its error.type");
    }

    @Test
    void everyMetricTheDashboardsAndAlertsQueryIsExported() throws Exception {
        Set<String> queried = PrometheusNames.queriedByObservability();
        assertTrue(queried.size() > 10, "the dashboards and alerts query metrics: " + queried);
        traffic();
        try {
            Cluster.await(ARRIVAL, "every queried metric exported", () -> exported().containsAll(queried));
        } catch (AssertionError e) {
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported());
            throw new AssertionError("queried but not exported: " + missing + "; exported: " + exported(), e);
        }
    }

    /** A forwarded write with a failing statement, a read and a snapshot: every metric has something to say. */
    private static NodeProcess traffic() throws Exception {
        NodeProcess leader = cluster.leader();
        NodeProcess follower = cluster.followers().get(0);
        String body = follower.post("/db/execute",
                "[[\"INSERT INTO foo(name) VALUES('m')\"], [\"INSERT INTO nosuch VALUES(1)\"]]").body();
        assertTrue(body.contains("no such table"), body);
        leader.query("SELECT * FROM foo");
        assertEquals(200, leader.post("/snapshot", "").statusCode());
        return follower;
    }

    @Test
    void grpcIsTheOtherStandardProtocol() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("raftlite-grpc");
        try (NodeProcess node = new NodeProcess("grpc-node", dir.resolve("data"))
                .withEnv("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcEndpoint())
                .withEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").withEnv("OTEL_BSP_SCHEDULE_DELAY", "100")
                .withEnv("OTEL_METRIC_EXPORT_INTERVAL", "1000").start().awaitReady()) {
            node.execute("[\"CREATE TABLE g (x)\", \"INSERT INTO g VALUES(1)\"]");
            Cluster.await(ARRIVAL, "spans and metrics of the node over gRPC", () ->
                    receiver.spans().stream().anyMatch(s -> "grpc-node".equals(s.node())
                            && s.name().equals("INSERT g"))
                            && receiver.metrics().stream().anyMatch(m -> "grpc-node".equals(m.node())
                            && m.metric().getName().equals("raftlite.raft.applied.index")));
        } finally {
            org.raftlite.testing.Dirs.deleteQuietly(dir);
        }
    }

    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        receiver.metrics().forEach(m -> names.addAll(PrometheusNames.of(m.metric())));
        return names;
    }

    private static Set<String> nodesReporting(String metric) {
        return receiver.metrics().stream().filter(m -> m.metric().getName().equals(metric))
                .map(OtlpReceiver.ReceivedMetric::node).filter(CLUSTER::contains).collect(Collectors.toSet());
    }

    /** The last value each cluster node reported for a long gauge. */
    private static Map<String, Long> latestGauges(String metric) {
        Map<String, Long> latest = new java.util.TreeMap<>();
        for (OtlpReceiver.ReceivedMetric m : receiver.metrics()) {
            Metric metricData = m.metric();
            if (metricData.getName().equals(metric) && CLUSTER.contains(m.node())) {
                metricData.getGauge().getDataPointsList().forEach(p -> latest.put(m.node(), p.getAsInt()));
            }
        }
        return latest;
    }

    private static List<ReceivedSpan> trace(String traceId) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), "one matching span among " + spans.stream()
                .map(s -> s.node() + ":" + s.name() + ":" + s.span().getKind()).toList());
        return found.get(0);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return b;
    }

    private static String post(NodeProcess node, String path, String traceparent, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.httpAddress() + path))
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
