package org.raftlite.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP receiver on 127.0.0.1 inside the test JVM, over HTTP (protobuf) and, on a second port, over gRPC (HTTP/2
 * without TLS, as a Collector's default gRPC receiver): what an OpenTelemetry Collector would receive from the nodes,
 * kept for assertions.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A span with the node that sent it (its resource's {@code service.instance.id}). */
    public record ReceivedSpan(String node, String service, Span span) {

        public String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        public String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        public String parentSpanId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        public String name() {
            return span.getName();
        }

        /** An attribute as text, null when the span does not have it. */
        public String attribute(String key) {
            return OtlpReceiver.attribute(span.getAttributesList(), key);
        }
    }

    /** A metric with the node that sent it. */
    public record ReceivedMetric(String node, String service, Metric metric) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();
    private io.vertx.core.Vertx vertx;
    private io.vertx.core.http.HttpServer grpc;

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::traces);
        server.createContext("/v1/metrics", this::metrics);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    private void traces(HttpExchange exchange) throws IOException {
        try (InputStream in = body(exchange)) {
            record(ExportTraceServiceRequest.parseFrom(in));
        }
        answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (InputStream in = body(exchange)) {
            record(ExportMetricsServiceRequest.parseFrom(in));
        }
        answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }

    private void record(ExportTraceServiceRequest request) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String node = attribute(rs.getResource(), "service.instance.id");
            String service = attribute(rs.getResource(), "service.name");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ss.getSpansList().forEach(s -> spans.add(new ReceivedSpan(node, service, s)));
            }
        }
    }

    private void record(ExportMetricsServiceRequest request) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String node = attribute(rm.getResource(), "service.instance.id");
            String service = attribute(rm.getResource(), "service.name");
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                sm.getMetricsList().forEach(m -> metrics.add(new ReceivedMetric(node, service, m)));
            }
        }
    }

    /**
     * Starts the gRPC side: OTLP's TraceService and MetricsService {@code Export} calls, each a length-prefixed
     * protobuf message answered with an empty one and {@code grpc-status: 0}.
     *
     * @return the endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}
     */
    public synchronized String grpcEndpoint() throws Exception {
        if (grpc == null) {
            vertx = io.vertx.core.Vertx.vertx();
            grpc = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(this::grpcCall).listen().toCompletionStage().toCompletableFuture().get();
        }
        return "http://127.0.0.1:" + grpc.actualPort();
    }

    private void grpcCall(io.vertx.core.http.HttpServerRequest request) {
        request.body().onSuccess(body -> {
            try {
                byte[] message = body.getBytes(5, 5 + body.getInt(1));
                if (request.path().endsWith("TraceService/Export")) {
                    record(ExportTraceServiceRequest.parseFrom(message));
                } else {
                    record(ExportMetricsServiceRequest.parseFrom(message));
                }
                request.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
                        .end(io.vertx.core.buffer.Buffer.buffer().appendByte((byte) 0).appendInt(0));
            } catch (IOException | RuntimeException e) {
                request.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "13")
                        .end();
            }
        });
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody())
                : exchange.getRequestBody();
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static String attribute(Resource resource, String key) {
        return attribute(resource.getAttributesList(), key);
    }

    static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return text(kv.getValue());
            }
        }
        return null;
    }

    /** Attributes of a data point as a map of text, for matching. */
    public static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> out = new java.util.TreeMap<>();
        attributes.forEach(kv -> out.put(kv.getKey(), text(kv.getValue())));
        return out;
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            default -> v.toString();
        };
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
