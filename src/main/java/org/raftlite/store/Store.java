package org.raftlite.store;

import org.raftlite.config.NodeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jgroups.protocols.raft.Role;
import org.raftlite.auth.Credentials;
import org.raftlite.command.Batch;
import org.raftlite.command.Level;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Command;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.cluster.Membership;
import org.raftlite.db.Database;
import org.raftlite.db.Pragmas;
import org.raftlite.raft.RaftNode;
import org.raftlite.telemetry.Telemetry;

/**
 * The node's decisions: where and how each data request is served (reads by level, writes through the Raft log,
 * queued writes), and leadership. It answers with what the {@link StateMachine} computed at apply. HTTP event loops
 * call {@link #handle}; what may wait goes to {@link Workers}; the state machine runs on RAFT's thread; the Raft
 * channel connects on a thread of its own so that start-up does not wait for it. The node's parts are opened and
 * closed here ({@link Parts}); formation and registration are {@code cluster}'s.
 */
@ApplicationScoped
public class Store {

    private static final Logger LOG = Logger.getLogger(Store.class);
    static final String DISALLOWED_PRAGMA = "disallowed pragma";
    /** How long a voter that has known a leader waits without one before it joins its group again. */
    private static final long STRANDED_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final NodeConfig config;
    private final Telemetry telemetry;
    private final Credentials credentials;
    private final Workers workers;
    private final LeaderLink leaderLink;
    private final ChangeFeed feed;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "store-background");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-check");
        t.setDaemon(true);
        return t;
    });
    private Parts parts;
    private Database db;
    private StateMachine machine;
    private RaftNode raft;
    private Membership membership;
    private Snapshots snapshots;
    private Proposals proposals;
    private Reads reads;
    /** Read by the queue's flusher thread too. */
    private volatile QueuedWrites queued;
    private Loads loads;
    private volatile boolean open;

    public Store(NodeConfig config, Telemetry telemetry, Credentials credentials, Workers workers,
                 LeaderLink leaderLink, ChangeFeed feed) {
        this.feed = feed;
        this.config = config;
        this.telemetry = telemetry;
        this.credentials = credentials;
        this.workers = workers;
        this.leaderLink = leaderLink;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        parts = Parts.open(config, telemetry, credentials, feed, new Parts.Hooks() {
            @Override
            public String role() {
                return raft.isLeader() ? "leader" : raft.isVoter() ? "follower" : "learner";
            }

            @Override
            public boolean open() {
                return open;
            }

            @Override
            public Membership.Proposer proposer() {
                return (kind, node) -> proposals.propose(Command.control(kind), node);
            }

            @Override
            public Response sendBatch(Batch batch, List<Statement> statements) {
                return queued.sendBatch(batch, statements);
            }
        });
        db = parts.db;
        machine = parts.machine;
        raft = parts.raft;
        membership = parts.membership;
        snapshots = new Snapshots(parts, telemetry);
        proposals = new Proposals(config, telemetry, machine, raft);
        reads = new Reads(db, machine, raft, proposals, workers);
        loads = new Loads(db.exports(), raft, proposals);
        queued = new QueuedWrites(config, parts.queue, raft, proposals, leaderLink, workers, this::leader,
                machine);
        raft.onRoleChange(this::roleChanged);
        open = true;
        feed.start(new ChangeFeed.Node() {
            @Override
            public boolean isLeader() {
                return Store.this.isLeader();
            }

            @Override
            public void proposeMark(long index) throws Exception {
                proposals.propose(Command.cdcMark(index), null);
            }
        });
        telemetry.observeGauges(() -> open ? Readings.gauges(parts) : null);
        background.execute(membership::connectAndRegister);
        long every = config.raftSnapInt().toMillis();
        timers.scheduleWithFixedDelay(snapshots::snapshotIfDue, every, every, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> membership.rejoinIfStranded(STRANDED_NANOS), 2, 2, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(membership::stepDownIfLogFails, 1, 1, TimeUnit.SECONDS);
        LOG.infof("node %s: data in %s, Raft on %s, voters at start %s, looking for peers at %s", config.id(),
                db.path().getParent(), config.raftAddr(), parts.plan.members(), parts.plan.hosts());
    }

    private void roleChanged(Role role) {
        if (role == Role.Leader) {
            background.execute(this::appendNoop);
        }
    }

    /** A new leader's no-op: once it is applied, everything committed before is applied too (thesis §6.4). */
    private void appendNoop() {
        try {
            proposals.propose(Command.noop(), null);
        } catch (Exception e) {
            LOG.warnf("no-op of the new term failed: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!open) {
            return;
        }
        if (config.raftClusterRemoveShutdown()) {
            membership.leave();
        }
        open = false;
        timers.shutdownNow();
        background.shutdownNow();
        parts.close();
        feed.stop();
    }

    /**
     * The data endpoints' one way in. Decides where the request runs: answered at once when it can be (a proposal
     * on the leader, answered when RAFT's thread has applied it; a local read whose SQL is known to be quick; a
     * queued write that finds room), otherwise on a worker, and never in both. Nobody waits on a thread of their
     * own for a proposal: a blocked HTTP thread per write costs a thread switch each way.
     */
    public CompletionStage<Outcome> handle(Request request) {
        if (hasDisallowedPragma(request.statements())) {
            return Outcome.now(Response.failed(DISALLOWED_PRAGMA));
        }
        return switch (request.endpoint()) {
            case EXECUTE -> request.queue() != null ? queued.enqueue(request)
                    : proposals.write(request, Command.Kind.EXECUTE);
            case QUERY -> reads.read(request);
            case REQUEST -> workers.supply(() -> mixed(request)).thenCompose(outcome -> outcome);
            case LOAD -> workers.supply(() -> loads.load(request)).thenCompose(outcome -> outcome);
        };
    }

    /**
     * The unified endpoint, decided on a worker since classifying compiles the statements: all reads are served
     * as reads at their level (level auto, here whatever this node is), anything else goes through the log.
     */
    private CompletionStage<Outcome> mixed(Request request) {
        boolean allReads = request.statements().stream().allMatch(s -> s.sql().isBlank() || db.isReadOnly(s.sql()));
        if (!allReads || request.read().level() == Level.STRONG) {
            return proposals.write(request, Command.Kind.REQUEST);
        }
        if (request.read().level() == Level.AUTO) {
            return CompletableFuture.completedStage(reads.runRead(request));
        }
        return reads.read(request);
    }

    /** How many local reads ran on the caller's thread and how many on a worker since start. */
    public record ReadCounts(long atOnce, long onWorker) {
    }

    public ReadCounts readCounts() {
        return reads.counts();
    }

    /** The last queued request applied, for /status. */
    public long queueSequenceNumber() {
        return queued.sequenceNumber();
    }

    /** Waits until this node has applied {@code index}; false when the timeout passes first. */
    public boolean awaitApplied(long index, long timeoutMs) {
        return machine.awaitApplied(index, timeoutMs);
    }

    private static boolean hasDisallowedPragma(List<Statement> statements) {
        return statements.stream().anyMatch(s -> Pragmas.isDisallowed(s.sql()));
    }


    /** {@code DELETE /remove}: only the leader removes a node for a client. */
    public void removeNode(String id) throws Exception {
        membership.removeForClient(id);
    }

    /** {@code POST /leader}: see {@link Membership#stepDown}. */
    public boolean stepDown(String target, long waitMs) throws Exception {
        return membership.stepDown(target, waitMs);
    }

    /** {@code POST /snapshot}: see {@link Snapshots#now}. */
    public boolean snapshotNow(long timeoutMs, long trailingLogs) throws Exception {
        return snapshots.now(timeoutMs, trailingLogs);
    }

    /** The newest snapshot copy this node holds, if it is at {@code minIndex} or later. */
    public java.util.Optional<SnapshotFile> snapshotFile(long minIndex) {
        return snapshots.file(minIndex);
    }

    /** A copy of this node's database in a new SQLite file, which the caller deletes. */
    public Path backup() throws SQLException, java.io.IOException {
        Path copy = db.exports().backup();
        telemetry.count("store", "num_backups");
        return copy;
    }

    /** This node's database as rqlited's SQL text dump, of {@code tables} or of all when it is empty. */
    public void dump(java.io.Writer out, java.util.Set<String> tables) throws SQLException, java.io.IOException {
        db.exports().dump(out, tables);
    }

    /** The cluster's nodes as the log describes them. */
    public List<NodeMeta> nodes() {
        return parts.nodes.all();
    }

    /** Node ids this node can reach now. */
    public java.util.Set<String> reachable() {
        return raft.reachable();
    }

    public boolean isVoter(String id) {
        return raft.members().contains(id);
    }

    /** The leader's metadata, or null when no leader is known or its metadata has not reached this node. */
    public NodeMeta leader() {
        return open ? parts.nodes.get(raft.leaderId()) : null;
    }

    public boolean isLeader() {
        return open && raft.isLeader();
    }

    /**
     * Ready: open, the leader and its address known, and the current term's no-op applied here, so nothing
     * acknowledged is missing and a request this node cannot serve can be forwarded.
     */
    public boolean isReady() {
        return open && leader() != null && machine.noopTerm() == raft.term();
    }

    public boolean isOpen() {
        return open;
    }

    public boolean hasLeader() {
        return open && raft.leaderId() != null;
    }

    public String nodeId() {
        return config.id();
    }

    public String advertisedHttpAddr() {
        return config.advertisedHttpAddr();
    }

    public String advertisedRaftAddr() {
        return config.advertisedRaftAddr();
    }

    /** A snapshot of the numbers /status reports. */
    public StoreStatus status() {
        return Readings.status(config, parts, open, isReady());
    }
}
