package org.raftlite.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The standard OTEL_* variables reach Quarkus' keys, and the SDK is off unless something names an endpoint. */
class OtelEnvironmentTest {

    @Test
    void withoutAnEndpointTheSdkIsOff() {
        OtelEnvironment source = new OtelEnvironment(Map.of("OTEL_SERVICE_NAME", "x"), new Properties());
        assertEquals("true", source.getValue("quarkus.otel.sdk.disabled"));
        assertEquals("x", source.getValue("quarkus.otel.service.name"));
    }

    @Test
    void anEndpointInAnyStandardPlaceTurnsItOn() {
        assertEquals("false", new OtelEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                new Properties()).getValue("quarkus.otel.sdk.disabled"));
        assertEquals("false", new OtelEnvironment(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://127.0.0.1:4318"), new Properties()).getValue("quarkus.otel.sdk.disabled"));
        Properties system = new Properties();
        system.setProperty("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:4317");
        assertEquals("false", new OtelEnvironment(Map.of(), system).getValue("quarkus.otel.sdk.disabled"));
        assertEquals("true", new OtelEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_SDK_DISABLED", "true"), new Properties()).getValue("quarkus.otel.sdk.disabled"));
    }

    @Test
    void mapsExporterSettingsWithTheSdksUnits() {
        OtelEnvironment source = new OtelEnvironment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://127.0.0.1:9999/otlp/v1/metrics",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "2500",
                "OTEL_METRIC_EXPORT_INTERVAL", "1000",
                "OTEL_BSP_SCHEDULE_DELAY", "100",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod"), new Properties());
        assertEquals("http://127.0.0.1:4318", source.getValue("quarkus.otel.exporter.otlp.endpoint"));
        assertEquals("grpc", source.getValue("quarkus.otel.exporter.otlp.protocol"));
        assertEquals("http://127.0.0.1:4318", source.getValue("quarkus.otel.exporter.otlp.traces.endpoint"));
        assertEquals("http://127.0.0.1:9999/otlp", source.getValue("quarkus.otel.exporter.otlp.metrics.endpoint"));
        assertEquals("api-key=secret", source.getValue("quarkus.otel.exporter.otlp.headers"));
        assertEquals("2500ms", source.getValue("quarkus.otel.exporter.otlp.timeout"));
        assertEquals("1000ms", source.getValue("quarkus.otel.metric.export.interval"));
        assertEquals("100ms", source.getValue("quarkus.otel.bsp.schedule.delay"));
        assertEquals("deployment.environment.name=prod", source.getValue("quarkus.otel.resource.attributes"));
        assertNull(source.getValue("quarkus.otel.exporter.otlp.traces.protocol"));
    }
}
