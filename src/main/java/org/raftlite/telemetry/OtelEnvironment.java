package org.raftlite.telemetry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The OpenTelemetry SDK's standard {@code OTEL_*} variables as Quarkus' {@code quarkus.otel.*} keys, which Quarkus
 * does not read by itself; and the SDK switched off unless some endpoint is configured (DESIGN.md decision 8), since
 * Quarkus would otherwise export to localhost:4317. Its ordinal sits above application.properties and below
 * Quarkus' own environment variables and system properties, so a {@code quarkus.otel.*} key set directly wins.
 */
public class OtelEnvironment implements ConfigSource {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    private static final String OTLP = "quarkus.otel.exporter.otlp.";
    private static final List<String> SIGNALS = List.of("", "TRACES_", "METRICS_");

    private final Map<String, String> properties;

    public OtelEnvironment() {
        this(System.getenv(), System.getProperties());
    }

    OtelEnvironment(Map<String, String> env, Properties system) {
        properties = map(env);
        // always a value: Quarkus records what this source says at build time as a runtime default
        properties.putIfAbsent(DISABLED, Boolean.toString(!hasEndpoint(env, system)));
    }

    private static Map<String, String> map(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        put(out, env, "OTEL_SDK_DISABLED", DISABLED, UnaryOperator.identity());
        put(out, env, "OTEL_SERVICE_NAME", "quarkus.otel.service.name", UnaryOperator.identity());
        put(out, env, "OTEL_RESOURCE_ATTRIBUTES", "quarkus.otel.resource.attributes", UnaryOperator.identity());
        put(out, env, "OTEL_TRACES_SAMPLER_ARG", "quarkus.otel.traces.sampler.arg", UnaryOperator.identity());
        put(out, env, "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "quarkus.otel.span.attribute.value.length.limit",
                UnaryOperator.identity());
        put(out, env, "OTEL_METRIC_EXPORT_INTERVAL", "quarkus.otel.metric.export.interval", OtelEnvironment::millis);
        put(out, env, "OTEL_BSP_SCHEDULE_DELAY", "quarkus.otel.bsp.schedule.delay", OtelEnvironment::millis);
        put(out, env, "OTEL_BSP_EXPORT_TIMEOUT", "quarkus.otel.bsp.export.timeout", OtelEnvironment::millis);
        put(out, env, "OTEL_BSP_MAX_QUEUE_SIZE", "quarkus.otel.bsp.max.queue.size", UnaryOperator.identity());
        put(out, env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "quarkus.otel.bsp.max.export.batch.size",
                UnaryOperator.identity());
        for (String signal : SIGNALS) {
            String key = OTLP + signal.toLowerCase().replace('_', '.');
            String var = "OTEL_EXPORTER_OTLP_" + signal;
            put(out, env, var + "ENDPOINT", key + "endpoint", endpoint(signal));
            put(out, env, var + "PROTOCOL", key + "protocol", UnaryOperator.identity());
            put(out, env, var + "HEADERS", key + "headers", UnaryOperator.identity());
            put(out, env, var + "COMPRESSION", key + "compression", UnaryOperator.identity());
            put(out, env, var + "TIMEOUT", key + "timeout", OtelEnvironment::millis);
        }
        return out;
    }

    private static void put(Map<String, String> out, Map<String, String> env, String var, String key,
                            UnaryOperator<String> convert) {
        String value = env.get(var);
        if (value != null && !value.isBlank()) {
            out.put(key, convert.apply(value.trim()));
        }
    }

    /** The SDK's durations are milliseconds; Quarkus reads a bare number as seconds. */
    private static String millis(String value) {
        return value.chars().allMatch(Character::isDigit) ? value + "ms" : value;
    }

    /**
     * A signal's own endpoint is a full URL in the SDK ({@code .../v1/traces}); Quarkus appends the signal's path
     * to whatever it is given, so the path is taken off.
     */
    private static UnaryOperator<String> endpoint(String signal) {
        if (signal.isEmpty()) {
            return UnaryOperator.identity();
        }
        String path = "/v1/" + signal.substring(0, signal.length() - 1).toLowerCase();
        return url -> url.endsWith(path) ? url.substring(0, url.length() - path.length()) : url;
    }

    private static boolean hasEndpoint(Map<String, String> env, Properties system) {
        for (String signal : SIGNALS) {
            String key = OTLP + signal.toLowerCase().replace('_', '.') + "endpoint";
            if (present(env.get("OTEL_EXPORTER_OTLP_" + signal + "ENDPOINT"))
                    || present(env.get("QUARKUS_OTEL_EXPORTER_OTLP_" + signal + "ENDPOINT"))
                    || present(system.getProperty(key))) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "otel-environment";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
