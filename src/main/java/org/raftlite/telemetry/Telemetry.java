package org.raftlite.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.raftlite.db.StatementObserver;

/**
 * The node's spans and measurements, with the names of DESIGN.md "Telemetry names". With the SDK disabled every
 * method returns at once and nothing is created: the write path pays one boolean test.
 */
@ApplicationScoped
public class Telemetry {

    static final String SCOPE = "org.raftlite";
    static final AttributeKey<Long> RAFT_INDEX = AttributeKey.longKey("raft.index");
    static final AttributeKey<Long> RAFT_TERM = AttributeKey.longKey("raft.term");
    static final AttributeKey<Long> STATEMENTS = AttributeKey.longKey("raftlite.statements");
    static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("raftlite.node.id");
    static final AttributeKey<String> NODE_ROLE = AttributeKey.stringKey("raftlite.node.role");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("raftlite.endpoint");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("raftlite.outcome");
    /** Buckets for durations that run from tens of microseconds to seconds. */
    static final List<Double> SECONDS_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final boolean enabled;
    private final Tracer tracer;
    private final Meter meter;
    private final StatementObserver statements;
    private final DoubleHistogram applyDuration;
    private final DoubleHistogram commitDuration;
    private final DoubleHistogram snapshotDuration;
    private final LongCounter forwarded;
    private final LongCounter cdcEvents;
    private final LongCounter cdcBatches;
    private final LongCounter cdcRetries;

    private final ExpVars vars;

    @Inject
    public Telemetry(OpenTelemetry otel, @ConfigProperty(name = OtelEnvironment.DISABLED) boolean disabled,
                     ExpVars vars) {
        this.vars = vars;
        this.enabled = !disabled;
        this.tracer = otel.getTracer(SCOPE);
        this.meter = otel.getMeter(SCOPE);
        this.statements = enabled ? new SqlTelemetry(tracer, meter) : StatementObserver.NONE;
        this.applyDuration = seconds("raftlite.raft.apply.duration", "Time to apply one committed entry");
        this.commitDuration = seconds("raftlite.raft.commit.duration",
                "Time from proposing an entry on the leader to its commit and apply there");
        this.snapshotDuration = seconds("raftlite.snapshot.duration", "Time to write one snapshot");
        this.forwarded = meter.counterBuilder("raftlite.http.forwarded")
                .setDescription("Requests this node forwarded to the leader").build();
        this.cdcEvents = meter.counterBuilder("raftlite.cdc.events")
                .setDescription("Row changes captured for CDC on this node").build();
        this.cdcBatches = meter.counterBuilder("raftlite.cdc.batches")
                .setDescription("CDC batches this node sent, by outcome (delivered, dropped)").build();
        this.cdcRetries = meter.counterBuilder("raftlite.cdc.retries")
                .setDescription("CDC batches sent again after a failed attempt").build();
    }

    private DoubleHistogram seconds(String name, String description) {
        return meter.histogramBuilder(name).setUnit("s").setDescription(description)
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    public boolean enabled() {
        return enabled;
    }

    Meter meter() {
        return meter;
    }

    /** Traces and times each SQL statement; does nothing when telemetry is off. */
    public StatementObserver statements() {
        return statements;
    }

    /** {@code raft.propose}, a child of the current context (the HTTP request's span); invalid when off. */
    public Span startPropose(int statementCount) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("raft.propose").setSpanKind(SpanKind.INTERNAL)
                .setAttribute(STATEMENTS, (long) statementCount).startSpan();
    }

    /** Ends {@code raft.propose} once the entry is committed and applied here at {@code index}. */
    public void endPropose(Span span, long startNanos, long index, long term, String error) {
        if (!enabled) {
            return;
        }
        commitDuration.record((System.nanoTime() - startNanos) / 1e9);
        if (index > 0) {
            span.setAttribute(RAFT_INDEX, index);
            span.setAttribute(RAFT_TERM, term);
        }
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error);
        }
        span.end();
    }

    /**
     * The W3C {@code traceparent} that travels in the log entry: the span's when it records, otherwise the client's
     * header, passed on untouched.
     */
    public String traceparent(Span span, String clientTraceparent) {
        if (!span.getSpanContext().isValid()) {
            return clientTraceparent;
        }
        StringBuilder out = new StringBuilder();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), out, (carrier, key, value) -> {
            if ("traceparent".equals(key)) {
                carrier.append(value);
            }
        });
        return out.toString();
    }

    /**
     * Runs one committed entry's apply inside a {@code raft.apply} span parented to the proposer's context; the role
     * is asked for only when there is a span to put it on.
     */
    public <T> T apply(String traceparent, long index, long term, String nodeId,
                       java.util.function.Supplier<String> role, java.util.function.Supplier<T> body) {
        if (!enabled) {
            return body.get();
        }
        long start = System.nanoTime();
        Context parent = traceparent == null || traceparent.isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        Span span = tracer.spanBuilder("raft.apply").setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(RAFT_INDEX, index).setAttribute(RAFT_TERM, term)
                .setAttribute(NODE_ID, nodeId).setAttribute(NODE_ROLE, role.get()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return body.get();
        } finally {
            span.end();
            applyDuration.record((System.nanoTime() - start) / 1e9);
        }
    }

    /** Reports the node's gauges, read from {@code source} at every metric export (null: nothing to report yet). */
    public void observeGauges(java.util.function.Supplier<Gauges> source) {
        if (enabled) {
            NodeGauges.register(meter, source);
        }
    }

    /** Counts row changes captured for CDC. */
    public void cdcCaptured(int events) {
        if (enabled) {
            cdcEvents.add(events);
        }
    }

    /** Counts a CDC batch that left this node: {@code outcome} is delivered or dropped. */
    public void cdcBatch(String outcome) {
        if (enabled) {
            cdcBatches.add(1, Attributes.of(OUTCOME, outcome));
        }
    }

    public void cdcRetried() {
        if (enabled) {
            cdcRetries.add(1);
        }
    }

    /** Reports the CDC FIFO's depth in batches and in bytes, read at every export. */
    public void observeCdcFifo(java.util.function.LongSupplier length, java.util.function.LongSupplier bytes) {
        if (enabled) {
            meter.gaugeBuilder("raftlite.cdc.fifo.length").ofLongs()
                    .setDescription("CDC batches queued on this node and not known to be delivered")
                    .buildWithCallback(m -> m.record(length.getAsLong()));
            meter.gaugeBuilder("raftlite.cdc.fifo.size").ofLongs().setUnit("By")
                    .setDescription("Bytes of the CDC batches queued on this node")
                    .buildWithCallback(m -> m.record(bytes.getAsLong()));
        }
    }

    /**
     * {@code cdc.deliver}, a client span for one CDC batch posted to the endpoint, linked to the spans of the
     * writes whose changes it carries; {@code headers} receives its trace context. Invalid when off.
     */
    public Span startDeliver(java.net.URI uri, long index, List<String> traceparents,
                             BiConsumer<String, String> headers) {
        if (!enabled) {
            return Span.getInvalid();
        }
        var builder = tracer.spanBuilder("cdc.deliver").setSpanKind(SpanKind.CLIENT).setNoParent()
                .setAttribute(RAFT_INDEX, index);
        if (uri != null) {
            builder.setAttribute("http.request.method", "POST").setAttribute("url.full", uri.toString())
                    .setAttribute("server.address", uri.getHost()).setAttribute("server.port", (long) uri.getPort());
        }
        for (String traceparent : traceparents) {
            var linked = Span.fromContext(W3CTraceContextPropagator.getInstance().extract(Context.root(),
                    traceparent, TRACEPARENT)).getSpanContext();
            if (linked.isValid()) {
                builder.addLink(linked);
            }
        }
        Span span = builder.startSpan();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, BiConsumer::accept);
        return span;
    }

    /** Adds one to an expvar counter of rqlited's (see {@link ExpVars}), which /debug/vars reports. */
    public void count(String map, String key) {
        vars.add(map, key);
    }

    /** Times one snapshot. */
    public void snapshotTaken(long startNanos) {
        vars.add("store", "num_snapshots");
        if (enabled) {
            snapshotDuration.record((System.nanoTime() - startNanos) / 1e9);
        }
    }

    /**
     * An HTTP client span for a request this node forwards to the leader; {@code headers} receives the trace context
     * to send with it.
     */
    public Span startForward(String method, String endpoint, java.net.URI uri, BiConsumer<String, String> headers) {
        if (!enabled) {
            return Span.getInvalid();
        }
        forwarded.add(1, Attributes.of(ENDPOINT, endpoint));
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("url.full", uri.toString())
                .setAttribute("server.address", uri.getHost())
                .setAttribute("server.port", (long) uri.getPort()).startSpan();
        W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), headers, BiConsumer::accept);
        return span;
    }

    /**
     * Ends a client span (a request forwarded to the leader, a CDC batch posted) with the status the other side
     * answered, or with the failure that kept it from answering.
     */
    public void endForward(Span span, int status, Throwable failure) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        if (status > 0) {
            span.setAttribute("http.response.status_code", (long) status);
        }
        if (failure != null || status >= 500) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, failure != null ? failure.getClass().getName() : Integer.toString(status));
        }
        span.end();
    }
}
