package org.raftlite.http;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.raftlite.auth.Credentials;
import org.raftlite.command.GoDuration;
import org.raftlite.cdc.CdcService;
import org.raftlite.store.Store;
import org.raftlite.store.StoreStatus;

/**
 * The /status document. Go marshals rqlite's status maps with sorted keys, so every object here is a TreeMap.
 */
@ApplicationScoped
public class StatusReport {

    private final Store store;
    private final CdcService cdc;
    private final Credentials credentials;
    private final String apiVersion;
    private final String raftliteVersion;
    private final Instant started = Instant.now();

    private final List<String> flagsNotInEffect;

    public StatusReport(Store store, CdcService cdc, Credentials credentials,
                        @ConfigProperty(name = "raftlite.api-version") String apiVersion,
                        @ConfigProperty(name = "quarkus.application.version") String raftliteVersion,
                        @ConfigProperty(name = "raftlite.flags-not-in-effect") Optional<String> flagsNotInEffect) {
        this.store = store;
        this.cdc = cdc;
        this.credentials = credentials;
        this.apiVersion = apiVersion;
        this.raftliteVersion = raftliteVersion;
        this.flagsNotInEffect = flagsNotInEffect.filter(f -> !f.isBlank()).map(f -> List.of(f.split(" ")))
                .orElse(List.of());
    }

    /**
     * The whole document, at any moment of the node's life: harnesses poll it from launch, through a join that
     * fails and is retried, so a store not open yet (or a Raft channel between two connect attempts) is reported
     * as rqlited reports a closed store, never as a failure.
     */
    Map<String, Object> build() {
        Map<String, Object> root = new TreeMap<>();
        root.put("build", new TreeMap<>(Map.of("version", apiVersion, "raftlite_version", raftliteVersion,
                "compiler_toolchain", "java " + Runtime.version(), "commit", "unknown", "branch", "unknown",
                "build_time", "unknown")));
        root.put("cluster", new TreeMap<>(Map.of("addr", store.advertisedRaftAddr(),
                "api_addr", store.advertisedHttpAddr(), "https", "false")));
        root.put("http", http());
        root.put("node", node());
        root.put("os", os());
        root.put("runtime", runtime());
        root.put("store", store.isOpen() ? store() : Map.of("open", false));
        if (cdc.enabled() && store.isOpen()) {
            root.put("cdc", cdc.status());
        }
        root.put("raftlite", new TreeMap<>(Map.of("flags_not_in_effect", flagsNotInEffect)));
        return root;
    }

    private Map<String, Object> http() {
        Map<String, Object> http = new TreeMap<>();
        http.put("bind_addr", store.advertisedHttpAddr());
        http.put("auth", credentials.enabled() ? "enabled" : "disabled");
        http.put("queue", Map.of("_default", new TreeMap<>(Map.of("sequence_number", store.queueSequenceNumber()))));
        return http;
    }

    private Map<String, Object> node() {
        Instant now = Instant.now();
        return new TreeMap<>(Map.of("start_time", started.toString(), "current_time", now.toString(),
                "uptime", GoDuration.format(Duration.between(started, now))));
    }

    private static Map<String, Object> os() {
        Map<String, Object> os = new TreeMap<>();
        os.put("pid", ProcessHandle.current().pid());
        os.put("ppid", ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
        os.put("page_size", 4096L);
        os.put("executable", ProcessHandle.current().info().command().orElse(""));
        try {
            os.put("hostname", InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            os.put("hostname", "");
        }
        return os;
    }

    private static Map<String, Object> runtime() {
        Map<String, Object> rt = new TreeMap<>();
        rt.put("GOARCH", System.getProperty("os.arch"));
        rt.put("GOOS", System.getProperty("os.name").toLowerCase());
        rt.put("GOMAXPROCS", (long) Runtime.getRuntime().availableProcessors());
        rt.put("num_cpu", (long) Runtime.getRuntime().availableProcessors());
        rt.put("num_goroutine", (long) ManagementFactory.getThreadMXBean().getThreadCount());
        rt.put("version", "java " + Runtime.version());
        rt.put("kubernetes_hint", System.getenv("KUBERNETES_SERVICE_HOST") != null);
        return rt;
    }

    private Map<String, Object> store() {
        StoreStatus s = store.status();
        Map<String, Object> raft = new TreeMap<>();
        raft.put("state", s.state());
        raft.put("term", s.term());
        raft.put("voter", s.voter());
        raft.put("last_log_index", s.lastLogIndex());
        raft.put("last_log_term", s.lastLogTerm());
        raft.put("commit_index", s.commitIndex());
        raft.put("applied_index", s.appliedIndex());
        raft.put("fsm_pending", Math.max(0, s.commitIndex() - s.appliedIndex()));
        raft.put("last_snapshot_index", s.lastSnapshotIndex());
        raft.put("num_peers", (long) Math.max(0, s.members().size() - 1));
        raft.put("log_size", s.logSizeBytes());
        raft.put("last_contact", s.nanosSinceLeaderContact() == 0 ? (Object) 0L : s.nanosSinceLeaderContact() < 0
                ? "never" : GoDuration.format(Duration.ofNanos(s.nanosSinceLeaderContact())));

        Map<String, Object> sqlite = new TreeMap<>();
        sqlite.put("path", s.dbPath());
        sqlite.put("db_size", s.dbSize());
        sqlite.put("size", s.dbSize());
        sqlite.put("wal_size", s.walSize());
        sqlite.put("pragmas", new TreeMap<>(s.pragmas()));
        sqlite.put("version", "3.54.1");

        List<Object> nodes = new ArrayList<>();
        for (var node : store.nodes()) {
            nodes.add(new TreeMap<>(Map.of("id", node.id(), "addr", node.raftAddr(),
                    "suffrage", store.isVoter(node.id()) ? "Voter" : "Nonvoter")));
        }

        Map<String, Object> st = new TreeMap<>();
        st.put("open", s.open());
        st.put("node_id", s.nodeId());
        st.put("addr", s.raftAddr());
        st.put("leader", new TreeMap<>(Map.of("node_id", s.leaderId(), "addr", s.leaderAddr())));
        st.put("ready", s.ready());
        st.put("fsm_index", s.appliedIndex());
        st.put("fsm_term", s.appliedTerm());
        st.put("db_applied_index", s.appliedIndex());
        st.put("dir", s.dir());
        st.put("raft", raft);
        st.put("cdc", new TreeMap<>(Map.of("enabled", cdc.enabled(), "registered", cdc.enabled())));
        st.put("sqlite3", sqlite);
        st.put("nodes", nodes);
        return st;
    }
}
