package org.raftlite.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rqlited's flags, name by name, type and default as in rqlite's {@code cmd/rqlited/flags.toml} (v10.2), with the
 * configuration keys of those raftlite already honours.
 */
final class FlagTable {

    static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

    static {
        s("node-id", "", "Unique ID for node. If not set, set to advertised Raft address", "raftlite.node-id");
        s("http-addr", "localhost:4001", "HTTP server bind address. To enable HTTPS, set X.509 certificate and key",
                "raftlite.http-addr");
        s("http-adv-addr", "", "Advertised HTTP address. If not set, same as HTTP server bind address",
                "raftlite.http-adv-addr");
        s("http-allow-origin", "", "Value to set for Access-Control-Allow-Origin HTTP header",
                "raftlite.http-allow-origin");
        s("auth", "", "Path to authentication and authorization file. If not set, not enabled", "raftlite.auth");
        security(Flag.Type.STRING, "http-ca-cert", "Path to X.509 CA certificate for HTTPS");
        security(Flag.Type.STRING, "http-cert", "Path to HTTPS X.509 certificate");
        security(Flag.Type.STRING, "http-key", "Path to HTTPS X.509 private key");
        security(Flag.Type.BOOL, "http-verify-client", "Enable mutual TLS for HTTPS");
        security(Flag.Type.STRING, "http-verify-common-name",
                "Required Common Name on client certificates. If not set, no Common Name required");
        security(Flag.Type.STRING, "node-ca-cert", "Path to X.509 CA certificate for node-to-node encryption");
        security(Flag.Type.STRING, "node-cert",
                "Path to X.509 certificate for node-to-node mutual authentication and encryption");
        security(Flag.Type.STRING, "node-key",
                "Path to X.509 private key for node-to-node mutual authentication and encryption");
        b("node-no-verify", "Skip verification of any node-node certificate");
        security(Flag.Type.BOOL, "node-verify-client", "Enable mutual TLS for node-to-node communication");
        security(Flag.Type.STRING, "node-verify-server-name", "Hostname to verify on certificate returned by a node");
        security(Flag.Type.STRING, "node-verify-common-name",
                "Required Common Name on incoming peer certificates. If not set, no Common Name required");
        s("raft-addr", "localhost:4002", "Raft communication bind address", "raftlite.raft-addr");
        s("raft-adv-addr", "", "Advertised Raft communication address. If not set, same as Raft bind address",
                "raftlite.raft-adv-addr");
        s("join", "", "Comma-delimited list of nodes, in host:port form, through which a cluster can be joined",
                "raftlite.join");
        s("join-as", "", "Username in authentication file to join as", "raftlite.join-as");
        i("join-attempts", "5", "Number of join attempts to make", "raftlite.join-attempts");
        d("join-interval", "3s", "Period between join attempts", "raftlite.join-interval");
        i("bootstrap-expect", "0", "Minimum number of nodes required for a bootstrap", "raftlite.bootstrap-expect");
        d("bootstrap-expect-timeout", "120s", "Maximum time for bootstrap process",
                "raftlite.bootstrap-expect-timeout");
        s("disco-mode", "", "Choose clustering discovery mode: dns, dns-srv, consul-kv or etcd-kv",
                "raftlite.disco-mode");
        s("disco-key", "rqlite", "Key prefix for cluster discovery service");
        s("disco-config", "", "Set discovery config, or path to cluster discovery config file",
                "raftlite.disco-config");
        b("raft-non-voter", "Configure as non-voting node", "raftlite.raft-non-voter");
        b("fk", "Enable SQLite foreign key constraints", "raftlite.fk");
        s("extensions-path", "", "Comma-delimited list of paths to directories, zipfiles, or tar.gz files "
                + "containing SQLite extensions");
        s("query-log", "", "Enable query logging. Set to 'stderr' or provide a path to a JSON config file");
        s("cdc-config", "", "CDC config: an HTTP endpoint URL, 'stdout', or a path to a JSON config file",
                "raftlite.cdc-config");
        s("auto-backup", "", "Path to automatic backup configuration file");
        s("auto-restore", "", "Path to automatic restore configuration file");
        u("raft-snap", "8192", "Number of outstanding log entries which triggers Raft snapshot",
                "raftlite.raft-snap");
        u("raft-snap-wal-size", "4194304", "SQLite WAL file size in bytes which triggers Raft snapshot",
                "raftlite.raft-snap-wal-size");
        d("raft-snap-int", "10s", "Snapshot threshold check interval", "raftlite.raft-snap-int");
        d("raft-leader-lease-timeout", "0s", "Raft leader lease timeout. Use 0s for Raft default");
        d("raft-heartbeat-timeout", "1s", "Raft heartbeat timeout", "raftlite.raft-heartbeat-timeout");
        d("raft-election-timeout", "1s", "Raft election timeout", "raftlite.raft-election-timeout");
        d("raft-commit-timeout", "50ms", "Raft commit timeout");
        d("raft-apply-timeout", "10s", "Raft apply timeout", "raftlite.raft-apply-timeout");
        s("raft-log-level", "WARN", "Minimum log level for Raft module", "quarkus.log.category.\"org.jgroups\".level");
        b("raft-remove-shutdown", "Shutdown Raft if node removed from cluster");
        b("raft-cluster-remove-shutdown", "Node removes itself from cluster on graceful shutdown",
                "raftlite.raft-cluster-remove-shutdown");
        flag("raft-shutdown-stepdown", Flag.Type.BOOL, "true", "If leader, stepdown before shutting down Raft");
        d("raft-reap-node-timeout", "0h", "Time after which a non-reachable voting node will be reaped");
        d("raft-reap-read-only-node-timeout", "0h", "Time after which a non-reachable non-voting node will be reaped");
        d("cluster-connect-timeout", "30s", "Timeout for initial connection to other nodes");
        i("write-queue-capacity", "1024", "Write queue capacity", "raftlite.write-queue-capacity");
        i("write-queue-batch-size", "128", "Write queue batch size", "raftlite.write-queue-batch-size");
        d("write-queue-timeout", "50ms", "Write queue timeout", "raftlite.write-queue-timeout");
        b("write-queue-tx", "Use a transaction when processing a queued write", "raftlite.write-queue-tx");
        i("db-max-ro-conns", "256", "Maximum number of read-only database connections");
        d("auto-vacuum-int", "0s", "Period between automatic VACUUMs. It not set, not enabled");
        d("auto-optimize-int", "24h", "Period between automatic 'PRAGMA optimize'. Set to 0h to disable");
        b("compress-snap-transport", "Compress snapshots when sending them to other nodes");
        s("otlp-endpoint", "", "Address of OpenTelemetry Collector for metrics. If not set, OTLP reporting not "
                + "enabled");
        d("otlp-metrics-interval", "30s", "Period between OTLP metric exports");
        b("otlp-insecure", "Use plaintext gRPC when communicating with the OpenTelemetry Collector");
        b("otlp-no-verify", "Skip verification of the OpenTelemetry Collector certificate");
        security(Flag.Type.STRING, "otlp-ca-cert", "Path to X.509 CA certificate for verifying the OpenTelemetry "
                + "Collector");
        security(Flag.Type.STRING, "otlp-cert", "Path to X.509 certificate for mutual TLS with the OpenTelemetry "
                + "Collector");
        security(Flag.Type.STRING, "otlp-key", "Path to X.509 private key for mutual TLS with the OpenTelemetry "
                + "Collector");
        s("cpu-profile", "", "Path to file for CPU profiling information");
        s("mem-profile", "", "Path to file for memory profiling information");
        s("trace-profile", "", "Path to file for trace profiling information");
        b("version", "Show version information and exit");
    }

    private FlagTable() {
    }

    private static void flag(String name, Flag.Type type, String def, String usage, String... keys) {
        FLAGS.put(name, new Flag(name, type, def, usage, List.of(keys), false));
    }

    /** A flag that asks for protection this version does not give: the node refuses to start with it. */
    private static void security(Flag.Type type, String name, String usage) {
        FLAGS.put(name, new Flag(name, type, type == Flag.Type.BOOL ? "false" : "", usage, List.of(), true));
    }

    private static void u(String name, String def, String usage, String... keys) {
        flag(name, Flag.Type.UINT, def, usage, keys);
    }

    private static void s(String name, String def, String usage, String... keys) {
        flag(name, Flag.Type.STRING, def, usage, keys);
    }

    private static void b(String name, String usage, String... keys) {
        flag(name, Flag.Type.BOOL, "false", usage, keys);
    }

    private static void i(String name, String def, String usage, String... keys) {
        flag(name, Flag.Type.INT, def, usage, keys);
    }

    private static void d(String name, String def, String usage, String... keys) {
        flag(name, Flag.Type.DURATION, def, usage, keys);
    }
}
