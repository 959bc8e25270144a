package org.raftlite.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.raftlite.db.Remembered;
import org.raftlite.db.SqlSummary;
import org.raftlite.db.StatementObserver;

/**
 * One span per SQL statement, named and attributed by OpenTelemetry's database conventions, and the
 * {@code db.client.operation.duration} histogram. Spans are children of whatever is current: {@code raft.apply} for
 * writes, the HTTP request's span for reads.
 */
final class SqlTelemetry implements StatementObserver {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final Remembered<SqlSummary> summaries = new Remembered<>();

    SqlTelemetry(Tracer tracer, Meter meter) {
        this.tracer = tracer;
        this.duration = meter.histogramBuilder("db.client.operation.duration").setUnit("s")
                .setDescription("Duration of SQL statements run on this node")
                .setExplicitBucketBoundariesAdvice(Telemetry.SECONDS_BUCKETS).build();
    }

    @Override
    public Finish start(String sql) {
        SqlSummary summary = summaries.of(sql, SqlSummary::of);
        String name = summary.collection() == null ? summary.operation()
                : summary.operation() + " " + summary.collection();
        long start = System.nanoTime();
        Span span = tracer.spanBuilder(name.isEmpty() ? "sqlite" : name).setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, "sqlite").setAttribute(QUERY_TEXT, sql)
                .setAttribute(OPERATION, summary.operation())
                .setAttribute(COLLECTION, summary.collection()).startSpan();
        return errorType -> {
            AttributesBuilder measured = Attributes.builder().put(SYSTEM, "sqlite")
                    .put(OPERATION, summary.operation());
            if (errorType != null) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(Telemetry.ERROR_TYPE, errorType);
                measured.put(Telemetry.ERROR_TYPE, errorType);
            }
            span.end();
            duration.record((System.nanoTime() - start) / 1e9, measured.build());
        };
    }
}
