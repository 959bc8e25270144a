package org.raftlite.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * rqlited's expvar counters (API.md §8.5), under its map and key names, for {@code /debug/vars}. Only counters
 * that count here are listed, and those of features this version does not have, which truthfully stay 0.
 * Any thread adds; readers see a moment's totals.
 */
@ApplicationScoped
public class ExpVars {

    /** The maps and their keys. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "http", List.of("backups", "boot", "executions", "loads", "num_readyz", "num_status", "queries",
                    "queued_executions", "queued_executions_wait", "requests", "tls_cert_fetched", "ui",
                    "user_reaps", "user_snapshots"),
            "store", List.of("num_auto_restores", "num_auto_vacuums", "num_backups",
                    "num_boots", "num_loads", "num_restores", "num_restores_start",
                    "num_restores_start_skipped", "num_snapshots", "num_snapshots_failed", "num_user_snapshots",
                    "num_user_snapshots_failed"),
            "proxy", List.of("remote_backups", "remote_executions", "remote_executions_failed", "remote_queries",
                    "remote_queries_failed", "remote_remove_node", "remote_requests", "remote_requests_failed",
                    "remote_stepdowns"),
            "cluster", List.of("num_backup_req", "num_execute_req", "num_query_req", "num_remove_node_req",
                    "num_request_req"),
            "uploader", List.of("last_upload_bytes", "num_uploads_fail", "num_uploads_ok", "num_uploads_skipped",
                    "total_upload_bytes"));

    private final Map<String, Map<String, LongAdder>> maps = new TreeMap<>();

    public ExpVars() {
        KEYS.forEach((map, keys) -> {
            Map<String, LongAdder> counters = new TreeMap<>();
            keys.forEach(k -> counters.put(k, new LongAdder()));
            maps.put(map, counters);
        });
    }

    public void add(String map, String key) {
        maps.get(map).get(key).increment();
    }

    /** Every map with its counters' totals now, both sorted by name as expvar writes them. */
    public Map<String, Map<String, Long>> totals() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        maps.forEach((map, counters) -> {
            Map<String, Long> values = new LinkedHashMap<>();
            counters.forEach((k, v) -> values.put(k, v.sum()));
            out.put(map, values);
        });
        return out;
    }
}
