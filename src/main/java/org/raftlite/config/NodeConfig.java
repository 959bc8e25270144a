package org.raftlite.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The node's settings; {@code cli} maps rqlited's flags onto these keys. */
@ConfigMapping(prefix = "raftlite")
public interface NodeConfig {

    /** The data directory: SQLite file, Raft log and metadata. */
    @WithDefault("data")
    String dataDir();

    /** Defaults to the advertised Raft address. */
    Optional<String> nodeId();

    @WithDefault("localhost:4001")
    String httpAddr();

    Optional<String> httpAdvAddr();

    @WithDefault("localhost:4002")
    String raftAddr();

    Optional<String> raftAdvAddr();

    /** Raft addresses of nodes to join through; empty to bootstrap alone (or restart as before). */
    Optional<java.util.List<String>> join();

    @WithDefault("5")
    int joinAttempts();

    @WithDefault("3s")
    Duration joinInterval();

    /** Nodes that must meet before they bootstrap a cluster together; 0 to bootstrap alone or join. */
    @WithDefault("0")
    int bootstrapExpect();

    @WithDefault("120s")
    Duration bootstrapExpectTimeout();

    /** {@code dns} (A records of a name, e.g. a headless Service) or {@code dns-srv}; others are not supported. */
    Optional<String> discoMode();

    /** JSON, or a path to a JSON file: {@code {"name": "...", "port": 4002}}. */
    Optional<String> discoConfig();

    /**
     * {@code host:port} of the DNS server that {@code -disco-mode dns|dns-srv} asks, instead of the system's resolver
     * (not an rqlite flag; {@code RAFTLITE_DISCO_DNS_SERVER} in the environment).
     */
    Optional<String> discoDnsServer();

    /** A read replica: receives the log, never votes. */
    @WithDefault("false")
    boolean raftNonVoter();

    /** Leave the cluster on a graceful shutdown. */
    @WithDefault("false")
    boolean raftClusterRemoveShutdown();

    /** Queued writes (API.md §10): how many requests wait at most, how many go in one batch, and how long. */
    @WithDefault("1024")
    int writeQueueCapacity();

    @WithDefault("128")
    int writeQueueBatchSize();

    @WithDefault("50ms")
    Duration writeQueueTimeout();

    /** Run each queued batch in one transaction. */
    @WithDefault("false")
    boolean writeQueueTx();

    /** Foreign key constraints on every connection. */
    @WithDefault("false")
    boolean fk();

    /** Applied entries since the last snapshot that make the next check take one. */
    @WithDefault("8192")
    int raftSnap();

    /** How often the snapshot threshold is checked. */
    @WithDefault("10s")
    java.time.Duration raftSnapInt();

    /** WAL size that triggers a checkpoint. */
    @WithDefault("4194304")
    long raftSnapWalSize();

    /** How long a member may be silent before it is suspected ({@code raft.Timing}). */
    @WithDefault("1s")
    Duration raftHeartbeatTimeout();

    /** Bounds a suspect's last chance to answer and a voting round ({@code raft.Timing}). */
    @WithDefault("1s")
    Duration raftElectionTimeout();

    /** How long a write waits to be committed and applied. */
    @WithDefault("10s")
    Duration raftApplyTimeout();

    /** The JGroups cluster name; nodes of one raftlite cluster share it. */
    @WithDefault("raftlite")
    String clusterName();

    Optional<String> httpAllowOrigin();

    /**
     * rqlited's authentication and authorization file; without one every request is allowed. Read by
     * {@code auth.Credentials} (which {@code store} depends on, so it cannot take this mapping).
     */
    Optional<String> auth();

    /** The user of the auth file whose credentials this node presents to the others (to fetch a snapshot). */
    Optional<String> joinAs();

    /** The rqlite API level this node implements, reported wherever rqlite reports its version. */
    @WithDefault("v10.2.7")
    String apiVersion();

    /** rqlited's {@code -cdc-config}: an HTTP(S) endpoint, {@code stdout}, or a JSON file ({@code cdc.CdcConfig}). */
    Optional<String> cdcConfig();

    /** Flags given on the command line whose feature is not built yet, space-separated. */
    Optional<String> flagsNotInEffect();

    /** The command line's arguments, NUL-separated, which /debug/vars reports as expvar's cmdline. */
    Optional<String> cmdline();

    default String advertisedRaftAddr() {
        return raftAdvAddr().orElse(raftAddr());
    }

    default String advertisedHttpAddr() {
        return httpAdvAddr().orElse(httpAddr());
    }

    default String id() {
        return nodeId().orElse(advertisedRaftAddr());
    }
}
