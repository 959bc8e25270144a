package org.raftlite.store;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.raftlite.auth.Credentials;
import org.raftlite.cluster.ClusterFiles;
import org.raftlite.cluster.Formation;
import org.raftlite.cluster.HostPort;
import org.raftlite.cluster.Membership;
import org.raftlite.cluster.Nodes;
import org.raftlite.command.Batch;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.config.NodeConfig;
import org.raftlite.db.Database;
import org.raftlite.raft.RaftNode;
import org.raftlite.raft.Timing;
import org.raftlite.telemetry.Telemetry;

/**
 * What one node is made of, opened at start in the order they need each other (the SQLite file, the registry,
 * the state machine over both, the Raft node over the state machine, membership and the queue over Raft) and
 * closed at stop in the reverse order. The store makes its decisions with them.
 */
final class Parts {

    /** What the parts ask of the store that opens them. */
    interface Hooks {
        /** This node's Raft role, for the apply spans. */
        String role();

        /** Whether the node is still open, for loops that must end with it. */
        boolean open();

        /** Proposes a control entry about a node (membership's registrations and removals). */
        Membership.Proposer proposer();

        /** Sends one queued batch through the log from wherever this node is. */
        Response sendBatch(Batch batch, List<Statement> statements);
    }

    final Database db;
    final Nodes nodes;
    final Formation.Plan plan;
    final StateMachine machine;
    final RaftNode raft;
    final Membership membership;
    final WriteQueue queue;

    private Parts(Database db, Nodes nodes, Formation.Plan plan, StateMachine machine, RaftNode raft,
                  Membership membership, WriteQueue queue) {
        this.db = db;
        this.nodes = nodes;
        this.plan = plan;
        this.machine = machine;
        this.raft = raft;
        this.membership = membership;
        this.queue = queue;
    }

    static Parts open(NodeConfig config, Telemetry telemetry, Credentials credentials, ChangeFeed feed, Hooks hooks)
            throws Exception {
        Path dir = Path.of(config.dataDir()).toAbsolutePath();
        Database db = Database.open(dir, config.fk(), telemetry.statements(), feed.filter().orElse(null));
        if (db.restoredAtOpen()) {
            telemetry.count("store", "num_restores_start");
            telemetry.count("store", "num_restores");
        } else if (db.snapshots().latest().isPresent()) {
            telemetry.count("store", "num_restores_start_skipped");
        }
        ClusterFiles files = new ClusterFiles(dir.resolve("raft"));
        Formation.Plan plan = Formation.plan(config, files);
        // the registry saves peers through membership, which needs Raft, which needs the state machine over the
        // registry: the one cycle, closed once membership exists
        Membership[] membership = new Membership[1];
        Nodes nodes = new Nodes(all -> membership[0].savePeers(all));
        Supplier<String> role = hooks::role;
        StateMachine machine = new StateMachine(db, nodes, config.id(), config.raftSnap(), config.raftSnapWalSize(),
                telemetry, role, credentials.authorization(config.joinAs()), feed);
        HostPort raftAddr = HostPort.parse(config.raftAddr());
        RaftNode raft = RaftNode.create(new RaftNode.Settings(config.id(), raftAddr.host(), raftAddr.port(),
                plan.hosts(), plan.dnsQuery(), dir.resolve("raft"), plan.members(),
                Timing.of(config.raftHeartbeatTimeout(), config.raftElectionTimeout())), machine);
        BooleanSupplier open = hooks::open;
        membership[0] = new Membership(config, raft, nodes, files, plan, open, hooks.proposer());
        BiFunction<Batch, List<Statement>, Response> batches = hooks::sendBatch;
        WriteQueue queue = new WriteQueue(config.id(), config.writeQueueCapacity(), config.writeQueueBatchSize(),
                config.writeQueueTimeout().toNanos(), batches);
        return new Parts(db, nodes, plan, machine, raft, membership[0], queue);
    }

    /** Stops taking work, then lets the file catch up with everything applied and closes it. */
    void close() {
        queue.close();
        raft.close();
        machine.checkpointNow();
        db.close();
    }
}
