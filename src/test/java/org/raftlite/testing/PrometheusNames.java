package org.raftlite.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Metric names as Prometheus shows them after the OpenTelemetry Collector's translation ({@code .} to {@code _}, a
 * unit suffix, {@code _total} for counters, {@code _bucket/_sum/_count} for histograms), and the names the shipped
 * dashboards and alert rules query.
 */
public final class PrometheusNames {

    private static final Path OBSERVABILITY = Path.of("observability");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern EXPR_LINE = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");

    private PrometheusNames() {
    }

    /** The series names one OTLP metric becomes in Prometheus. */
    public static Set<String> of(Metric metric) {
        String base = metric.getName().replaceAll("[^a-zA-Z0-9_:]", "_");
        String suffix = unitSuffix(metric.getUnit(), metric.hasGauge());
        if (!suffix.isEmpty() && !base.endsWith("_" + suffix)) {
            base = base + "_" + suffix;
        }
        if (metric.hasHistogram()) {
            return Set.of(base + "_bucket", base + "_sum", base + "_count");
        }
        if (metric.hasSum() && metric.getSum().getIsMonotonic()) {
            return Set.of(base + "_total");
        }
        return Set.of(base);
    }

    private static String unitSuffix(String unit, boolean gauge) {
        return switch (unit) {
            case "s" -> "seconds";
            case "ms" -> "milliseconds";
            case "By" -> "bytes";
            case "1" -> gauge ? "ratio" : "";
            default -> unit.startsWith("{") ? "" : unit.replaceAll("[^a-zA-Z0-9]", "_");
        };
    }

    /** Every metric name queried by a dashboard panel, a dashboard variable or an alert rule. */
    public static Set<String> queriedByObservability() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions()) {
            names.addAll(metricsIn(expr));
        }
        return names;
    }

    private static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(OBSERVABILITY)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    collect(json.readTree(file.toFile()), exprs);
                } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                    Matcher m = EXPR_LINE.matcher(Files.readString(file));
                    while (m.find()) {
                        exprs.add(m.group(1));
                    }
                }
            }
        }
        return exprs;
    }

    /** Panel targets' {@code expr} and variables' {@code query}. */
    private static void collect(JsonNode node, List<String> exprs) {
        node.fields().forEachRemaining(e -> {
            if ((e.getKey().equals("expr") || e.getKey().equals("query")) && e.getValue().isTextual()) {
                exprs.add(e.getValue().asText());
            }
        });
        node.elements().forEachRemaining(child -> collect(child, exprs));
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricsIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String stripped = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\b", " ");
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
