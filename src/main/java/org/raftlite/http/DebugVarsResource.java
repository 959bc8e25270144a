package org.raftlite.http;

import org.raftlite.json.GoJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.raftlite.cdc.CdcService;
import org.raftlite.telemetry.ExpVars;

/**
 * {@code /debug/vars} as rqlited serves Go's expvar (API.md §8.5): one variable a line, sorted by name, each map on
 * one line with {@code ", "} between its entries; {@code ?key=NAME} keeps that variable only. It also counts the
 * requests each endpoint receives, as rqlited does before it checks method or permission.
 */
@ApplicationScoped
public class DebugVarsResource {

    static final String PATH = "/debug/vars";
    /** The path prefixes rqlited counts, with the counter each adds to. */
    private static final List<Map.Entry<String, String>> COUNTED = List.of(Map.entry("/db/execute", "executions"),
            Map.entry("/db/query", "queries"), Map.entry("/db/request", "requests"),
            Map.entry("/db/backup", "backups"), Map.entry("/db/load", "loads"), Map.entry("/status", "num_status"),
            Map.entry("/readyz", "num_readyz"), Map.entry("/console", "ui"));

    private final ExpVars vars;
    private final CdcService cdc;
    private final List<String> cmdline;

    public DebugVarsResource(ExpVars vars, CdcService cdc, @ConfigProperty(name = "raftlite.cmdline") Optional<String> cmdline) {
        this.vars = vars;
        this.cdc = cdc;
        this.cmdline = new ArrayList<>(List.of("raftlited"));
        cmdline.filter(c -> !c.isEmpty()).ifPresent(c -> this.cmdline.addAll(List.of(c.split("\u0000", -1))));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 12).handler(this::count);
        router.route(PATH).order(Integer.MIN_VALUE + 25).handler(this::serve);
    }

    private void count(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.equals("/snapshot")) {
            vars.add("http", "user_snapshots");
        } else if (path.equals("/boot")) {
            vars.add("http", "boot");
        } else if (path.equals("/reap")) {
            vars.add("http", "user_reaps");
        } else {
            for (Map.Entry<String, String> counted : COUNTED) {
                if (path.startsWith(counted.getKey())) {
                    vars.add("http", counted.getValue());
                    break;
                }
            }
        }
        String forwardedKind = rc.request().getHeader(LeaderProxy.FORWARDED) == null ? null : forwardedKind(path);
        if (forwardedKind != null) {
            vars.add("cluster", "num_" + forwardedKind + "_req");
        }
        // the request's own parameters, which the data routes read next: decoded once, not once more here
        if (path.startsWith("/db/execute") && rc.request().params(true).contains("queue")) {
            vars.add("http", "queued_executions");
            if (rc.request().params(true).contains("wait")) {
                vars.add("http", "queued_executions_wait");
            }
        }
        rc.next();
    }

    /** What a follower forwarded here, under rqlited's name for the cluster request that carries it. */
    private static String forwardedKind(String path) {
        return switch (path) {
            case "/db/execute" -> "execute";
            case "/db/query" -> "query";
            case "/db/request" -> "request";
            case "/db/backup" -> "backup";
            case "/remove" -> "remove_node";
            default -> null;
        };
    }

    private void serve(RoutingContext rc) {
        if (rc.request().method() == HttpMethod.OPTIONS) {
            rc.next();
            return;
        }
        String only = rc.queryParams().get("key");
        Map<String, String> all = new TreeMap<>();
        all.put("cmdline", GoJson.write(cmdline, false));
        all.put("memstats", GoJson.write(memstats(), false));
        vars.totals().forEach((name, counters) -> all.put(name, expvarMap(counters)));
        if (cdc.enabled()) {
            all.put("cdc-service", expvarMap(cdc.expvars()));
        }
        StringBuilder out = new StringBuilder("{\n");
        boolean first = true;
        for (Map.Entry<String, String> v : all.entrySet()) {
            if (only != null && !only.isEmpty() && !only.equals(v.getKey())) {
                continue;
            }
            out.append(first ? "" : ",\n").append(GoJson.write(v.getKey(), false)).append(": ").append(v.getValue());
            first = false;
        }
        rc.response().putHeader("Content-Type", JsonResponses.JSON).end(out.append("\n}\n").toString());
    }

    /** expvar's Map.String(): {"a": 1, "b": 2}. */
    private static String expvarMap(Map<String, Long> counters) {
        StringBuilder out = new StringBuilder("{");
        counters.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(GoJson.write(k, false))
                .append(": ").append(v));
        return out.append('}').toString();
    }

    /** Go's runtime.MemStats fields that have a JVM counterpart, in the struct's order. */
    private static Map<String, Object> memstats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage other = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long collections = 0;
        long pauseMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            pauseMillis += Math.max(0, gc.getCollectionTime());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Alloc", heap.getUsed());
        m.put("Sys", heap.getCommitted() + other.getCommitted());
        m.put("HeapAlloc", heap.getUsed());
        m.put("HeapSys", heap.getCommitted());
        m.put("HeapIdle", heap.getCommitted() - heap.getUsed());
        m.put("HeapInuse", heap.getUsed());
        m.put("NextGC", heap.getMax() > 0 ? heap.getMax() : heap.getCommitted());
        m.put("PauseTotalNs", pauseMillis * 1_000_000L);
        m.put("NumGC", collections);
        m.put("EnableGC", true);
        return m;
    }
}
