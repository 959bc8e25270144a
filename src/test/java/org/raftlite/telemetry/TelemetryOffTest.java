package org.raftlite.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raftlite.db.StatementObserver;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** Without an OTLP endpoint nothing is exported, no exporter thread runs, and the write path makes no span. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class TelemetryOffTest {

    private static final List<String> EXPORTER_THREADS = List.of("BatchSpanProcessor", "PeriodicMetricReader",
            "otlp", "OkHttp");

    @Inject
    Telemetry telemetry;

    @Test
    void noEndpointMeansNoExporterAndNoSpans() {
        Api.awaitReady();
        String answer = Api.json("/db/execute", "[\"CREATE TABLE off (x)\", \"INSERT INTO off VALUES(1)\"]");
        assertTrue(answer.contains("\"rows_affected\":1"), answer);

        assertFalse(telemetry.enabled());
        assertSame(StatementObserver.NONE, telemetry.statements(), "SQL statements run unobserved");
        Span propose = telemetry.startPropose(1);
        assertFalse(propose.getSpanContext().isValid(), "raft.propose is not created");
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", telemetry.traceparent(propose,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), "the client's trace context passes on");
        List<String> exporters = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> EXPORTER_THREADS.stream().anyMatch(name::contains)).toList();
        assertEquals(List.of(), exporters);
    }
}
