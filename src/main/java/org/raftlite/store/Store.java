package org.raftlite.store;

import org.raftlite.config.NodeConfig;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jgroups.protocols.raft.Role;
import org.raftlite.auth.Credentials;
import org.raftlite.command.Level;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.db.Database;
import org.raftlite.db.Pragmas;
import org.raftlite.db.Rewriter;
import org.raftlite.raft.RaftNode;
import org.raftlite.telemetry.Telemetry;

/**
 * The node's brain: serves reads by consistency level, sends writes (and strong reads) through the Raft log and
 * answers them with what the {@link StateMachine} computed at apply. HTTP event loops call in for writes and quick
 * reads, worker threads for anything that waits; the state machine runs on RAFT's thread; the Raft channel
 * connects on a thread of its own so that start-up does not wait for it.
 */
@ApplicationScoped
public class Store {

    private static final Logger LOG = Logger.getLogger(Store.class);
    static final String DISALLOWED_PRAGMA = "disallowed pragma";
    /** hashicorp/raft's ErrLeadershipLost, which rqlited reports for a write its node proposed and then lost. */
    static final String LEADERSHIP_LOST = "leadership lost while committing log";
    /** How long a voter without a leader and without a majority in its view waits before it joins again. */
    private static final long STRANDED_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final NodeConfig config;
    private final Rewriter rewriter = new Rewriter();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "store-background");
        t.setDaemon(true);
        return t;
    });
    private Database db;
    private Nodes nodes;
    private ClusterFiles files;
    private Formation.Plan plan;
    private Membership membership;
    private StateMachine machine;
    private RaftNode raft;
    private volatile boolean open;
    private volatile long lastLeaderContactMillis;
    private WriteQueue queue;
    private final java.util.concurrent.ScheduledExecutorService snapshotCheck =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "snapshot-check");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicBoolean snapshotting =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final Telemetry telemetry;
    private final Credentials credentials;

    public Store(NodeConfig config, Telemetry telemetry, Credentials credentials) {
        this.config = config;
        this.telemetry = telemetry;
        this.credentials = credentials;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        Path dir = Path.of(config.dataDir()).toAbsolutePath();
        db = Database.open(dir, config.fk(), telemetry.statements());
        if (db.restoredAtOpen()) {
            telemetry.count("store", "num_restores_start");
            telemetry.count("store", "num_restores");
        } else if (db.snapshots().latest().isPresent()) {
            telemetry.count("store", "num_restores_start_skipped");
        }
        files = new ClusterFiles(dir.resolve("raft"));
        plan = Formation.plan(config, files);
        nodes = new Nodes(all -> membership.savePeers(all));
        machine = new StateMachine(db, nodes, config.id(), config.raftSnap(), config.raftSnapWalSize(),
                telemetry, this::role, credentials.authorization(config.joinAs()));
        HostPort raftAddr = HostPort.parse(config.raftAddr());
        RaftNode.Settings settings = new RaftNode.Settings(config.id(), raftAddr.host(), raftAddr.port(),
                plan.hosts(), plan.dnsQuery(), dir.resolve("raft"), plan.members());
        raft = RaftNode.create(settings, machine);
        raft.onRoleChange(this::roleChanged);
        membership = new Membership(config, raft, nodes, files, plan, () -> open,
                (kind, node) -> propose(Request.control(kind), node, null));
        queue = new WriteQueue(config.writeQueueCapacity(), config.writeQueueBatchSize(),
                config.writeQueueTimeout().toNanos(), this::executeQueued);
        open = true;
        telemetry.observeGauges(() -> open ? gauges() : null);
        background.execute(membership::connectAndRegister);
        long every = config.raftSnapInt().toMillis();
        snapshotCheck.scheduleWithFixedDelay(this::snapshotIfDue, every, every, TimeUnit.MILLISECONDS);
        snapshotCheck.scheduleWithFixedDelay(() -> membership.rejoinIfStranded(STRANDED_NANOS), 2, 2,
                TimeUnit.SECONDS);
        LOG.infof("node %s: data in %s, Raft on %s, voters at start %s, looking for peers at %s", config.id(), dir,
                config.raftAddr(), plan.members(), plan.hosts());
    }

    /** Every {@code -raft-snap-int}: a snapshot once {@code -raft-snap} entries have been applied since the last. */
    private void snapshotIfDue() {
        if (!open || !machine.snapshotDue() || !snapshotting.compareAndSet(false, true)) {
            return;
        }
        raft.truncateLog(0).whenComplete((done, failure) -> {
            snapshotting.set(false);
            if (failure != null) {
                telemetry.count("store", "num_snapshots_failed");
                LOG.warnf("snapshot failed: %s", failure.getMessage());
            }
        });
    }

    private void roleChanged(Role role) {
        if (role == Role.Leader) {
            background.execute(this::appendNoop);
        }
    }

    /** A new leader's no-op: once it is applied, everything committed before is applied too (thesis §6.4). */
    private void appendNoop() {
        try {
            propose(Request.noop(), null, null);
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
        snapshotCheck.shutdownNow();
        queue.close();
        raft.close();
        background.shutdownNow();
        machine.checkpointNow();
        db.close();
    }

    /**
     * Writes: through the log, answered with the result computed at apply. The future completes on RAFT's thread
     * and fails with {@link NotLeaderException} when leadership was lost before the write was applied.
     */
    public CompletableFuture<Response> execute(List<Statement> statements, boolean transaction, boolean timings,
                                               long dbTimeoutMs, Rewrite rewrite, String traceparent)
            throws NotLeaderException {
        if (hasDisallowedPragma(statements)) {
            return CompletableFuture.completedFuture(Response.failed(DISALLOWED_PRAGMA));
        }
        requireLeader();
        return proposeAsync(new Request(Request.Kind.EXECUTE, prepare(statements, rewrite), transaction, timings,
                dbTimeoutMs), null, traceparent);
    }

    /**
     * Queues a write (API.md §10) and answers with its sequence number at once; with {@code waitMs > 0}, only once
     * its batch has been applied here. Statements are rewritten now, as rqlite does on receipt.
     *
     * @return the sequence number, or -1 when the wait timed out
     */
    public long enqueue(List<Statement> statements, Rewrite rewrite, long waitMs) throws InterruptedException {
        WriteQueue.Queued q = queue.add(prepare(statements, rewrite));
        if (waitMs <= 0) {
            return q.sequence();
        }
        try {
            q.flushed().get(waitMs, TimeUnit.MILLISECONDS);
            return q.sequence();
        } catch (TimeoutException | ExecutionException e) {
            return -1;
        }
    }

    /** Queues a write without waiting for room: its sequence number, or -1 when the queue is full. */
    public long tryEnqueue(List<Statement> statements, Rewrite rewrite) {
        WriteQueue.Queued q = queue.offer(prepare(statements, rewrite));
        return q == null ? -1 : q.sequence();
    }

    /** The last queued request applied, for /status. */
    public long queueSequenceNumber() {
        return queue.flushedSequence();
    }

    /** A queued batch goes through the log from wherever this node is: REDIRECT carries it to the leader. */
    private Response executeQueued(List<Statement> statements) {
        try {
            return propose(new Request(Request.Kind.EXECUTE, statements, config.writeQueueTx(), false, 0), null);
        } catch (NotLeaderException e) {
            return Response.failed(e.getMessage());
        }
    }

    /** Makes statements deterministic and marks those with RETURNING, unless the client said {@code noparse}. */
    private List<Statement> prepare(List<Statement> statements, Rewrite rewrite) {
        if (!rewrite.parse()) {
            return statements;
        }
        return statements.stream()
                .map(s -> new Statement(rewriter.rewrite(s.sql(), rewrite.randoms(), rewrite.times()), s.params(),
                        Rewriter.hasReturning(s.sql())))
                .toList();
    }

    private Response propose(Request request, String traceparent) throws NotLeaderException {
        return propose(request, null, traceparent);
    }

    private Response propose(Request request, NodeMeta node, String traceparent) throws NotLeaderException {
        return await(proposeAsync(request, node, traceparent));
    }

    /** What a proposal came to; leadership lost on the way is {@link NotLeaderException} again. */
    private static Response await(CompletableFuture<Response> outcome) throws NotLeaderException {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NotLeaderException notLeader) {
                throw notLeader;
            }
            throw e;
        }
    }

    /**
     * Sends a request through the log. The future completes on RAFT's thread once this node has applied it (or the
     * apply timeout passed), and fails with {@link NotLeaderException} only when the entry was never appended, so
     * that another node may take it. Once appended, a write may still commit after this node lost leadership: it is
     * answered with rqlited's error for that, never proposed again. Nobody waits on a thread of their own for it: a
     * blocked HTTP thread per write costs a thread switch each way.
     */
    private CompletableFuture<Response> proposeAsync(Request request, NodeMeta node, String traceparent) {
        Span span = telemetry.startPropose(request.statements().size());
        long start = System.nanoTime();
        StateMachine.Proposal proposal = machine.propose(request, node, telemetry.traceparent(span, traceparent));
        try {
            raft.propose(proposal.bytes()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    proposal.applied().completeExceptionally(failure);
                }
            });
        } catch (Exception refused) {
            proposal.abandon().run();
            telemetry.endPropose(span, start, 0, raft.term(), "not leader");
            return CompletableFuture.failedFuture(raft.isLeader() ? refused : new NotLeaderException(raft.leaderId()));
        }
        return proposal.applied()
                .orTimeout(config.raftApplyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((applied, failure) -> outcome(proposal, applied, failure))
                .whenComplete((response, failure) -> telemetry.endPropose(span, start,
                        response == null ? 0 : response.raftIndex(), raft.term(),
                        response == null ? "not leader" : response.error()));
    }

    private Response outcome(StateMachine.Proposal proposal, StateMachine.Applied applied, Throwable failure) {
        if (failure == null) {
            return applied.response().withRaftIndex(applied.index());
        }
        proposal.abandon().run();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return Response.failed("timeout waiting for apply");
        }
        if (!raft.isLeader()) {
            return Response.failed(LEADERSHIP_LOST);
        }
        LOG.warnf("proposal failed on the leader: %s", cause);
        return Response.failed(String.valueOf(cause.getMessage()));
    }

    /** Reads by level (API.md §4). */
    public Response query(List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs,
                          ReadOptions read, Rewrite rewrite, String traceparent) throws NotLeaderException {
        if (hasDisallowedPragma(statements)) {
            return Response.failed(DISALLOWED_PRAGMA);
        }
        Level level = levelOf(read);
        switch (level) {
            case STRONG -> {
                requireLeader();
                return propose(new Request(Request.Kind.QUERY, prepare(statements, rewrite), transaction, timings,
                        dbTimeoutMs), traceparent);
            }
            case LINEARIZABLE -> {
                requireLeader();
                String failure = awaitReadIndex(read.linearizableTimeoutMs());
                if (failure != null) {
                    return Response.failed(failure);
                }
            }
            default -> {
                Response refused = refusedHere(level, read);
                if (refused != null) {
                    return refused;
                }
            }
        }
        return localQuery(statements, transaction, timings, dbTimeoutMs);
    }

    /**
     * A read at level weak or none answered on the calling thread, which must not block (an HTTP event loop): null
     * when it would have to wait, for the log (strong, linearizable) or for longer than {@code budgetNanos} of SQL.
     * The caller then asks {@link #query} from a thread that may wait.
     */
    public Response queryNow(List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs,
                             ReadOptions read, long budgetNanos) throws NotLeaderException {
        if (hasDisallowedPragma(statements)) {
            return Response.failed(DISALLOWED_PRAGMA);
        }
        Level level = levelOf(read);
        if (level == Level.STRONG || level == Level.LINEARIZABLE) {
            return null;
        }
        Response refused = refusedHere(level, read);
        if (refused != null) {
            return refused;
        }
        try {
            var results = db.queryWithin(statements, transaction, timings, dbTimeoutMs, budgetNanos);
            return results == null ? null : Response.of(results);
        } catch (SQLException e) {
            return Response.failed(e.getMessage());
        }
    }

    private Level levelOf(ReadOptions read) {
        return read.level() == Level.AUTO ? (raft.isVoter() ? Level.WEAK : Level.NONE) : read.level();
    }

    /** Why this node may not serve a local read at {@code level} (weak or none): null when it may. */
    private Response refusedHere(Level level, ReadOptions read) throws NotLeaderException {
        if (level == Level.WEAK) {
            requireLeader();
            return null;
        }
        return isStale(read) ? Response.failed("stale read") : null;
    }

    /** Linearizable reads (DESIGN.md decision 6): a quorum confirms leadership, then the apply index catches up. */
    private String awaitReadIndex(long timeoutMs) throws NotLeaderException {
        long commit = raft.commitIndex();
        try {
            raft.readBarrier().get(timeoutMs, TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "index " + commit + ": timeout waiting for fsm";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            throw new NotLeaderException(raft.leaderId());
        }
    }

    /**
     * Level none with {@code freshness}: stale when this node has been out of touch with a leader for longer. The
     * leader is in touch while it is in this node's JGroups view, whose failure detector watches it; the leader
     * itself is never stale. {@code freshness_strict} also calls it stale when this node has applied nothing for
     * that long while it knows of committed entries it has not applied.
     */
    private boolean isStale(ReadOptions read) {
        if (read.freshnessMs() <= 0 || raft.isLeader()) {
            return false;
        }
        long now = System.currentTimeMillis();
        String leaderId = raft.leaderId();
        if (leaderId != null && raft.reachable().contains(leaderId)) {
            lastLeaderContactMillis = now;
        }
        if (now - lastLeaderContactMillis > read.freshnessMs()) {
            return true;
        }
        return read.freshnessStrict() && machine.appliedIndex() < raft.commitIndex()
                && now - machine.lastApplyMillis() > read.freshnessMs();
    }

    /** The unified endpoint: all reads are served as queries, anything else goes through the log. */
    public Response request(List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs,
                            ReadOptions read, Rewrite rewrite, String traceparent) throws NotLeaderException {
        if (hasDisallowedPragma(statements)) {
            return Response.failed(DISALLOWED_PRAGMA);
        }
        boolean allReads = statements.stream().allMatch(s -> s.sql().isBlank() || db.isReadOnly(s.sql()));
        if (allReads && read.level() != Level.STRONG) {
            if (read.level() == Level.AUTO) {
                return localQuery(statements, transaction, timings, dbTimeoutMs);
            }
            return query(statements, transaction, timings, dbTimeoutMs, read, rewrite, traceparent);
        }
        requireLeader();
        return propose(new Request(Request.Kind.REQUEST, prepare(statements, rewrite), transaction, timings,
                dbTimeoutMs), traceparent);
    }

    private Response localQuery(List<Statement> statements, boolean transaction, boolean timings, long dbTimeoutMs) {
        try {
            return Response.of(db.query(statements, transaction, timings, dbTimeoutMs));
        } catch (SQLException e) {
            return Response.failed(e.getMessage());
        }
    }

    /** Waits until this node has applied {@code index}; false when the timeout passes first. */
    public boolean awaitApplied(long index, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (machine.appliedIndex() < index) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean hasDisallowedPragma(List<Statement> statements) {
        return statements.stream().anyMatch(s -> Pragmas.isDisallowed(s.sql()));
    }

    private void requireLeader() throws NotLeaderException {
        if (!raft.isLeader()) {
            throw new NotLeaderException(raft.leaderId());
        }
    }

    /** {@code DELETE /remove}: only the leader removes a node for a client. */
    public void removeNode(String id) throws Exception {
        requireLeader();
        membership.remove(id);
    }

    /**
     * {@code POST /leader}: this leader steps down (DESIGN.md decision 10); another node takes over. A target id is
     * checked but only best effort: jgroups-raft has no leadership transfer, so the others elect whom they elect.
     * With {@code waitMs > 0}, returns once another leader is known, false if none is within that time.
     */
    public boolean stepDown(String target, long waitMs) throws Exception {
        requireLeader();
        if (target != null && (target.equals(config.id()) || nodes.get(target) == null)) {
            throw new IllegalArgumentException(target.equals(config.id()) ? "node " + target + " is already leader"
                    : "node " + target + " is not a member of the cluster");
        }
        if (raft.members().size() < 2) {
            throw new IllegalStateException("no other voter to take over");
        }
        raft.rejoin();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (waitMs > 0 && System.nanoTime() < deadline) {
            String leader = raft.leaderId();
            if (leader != null && !leader.equals(config.id())) {
                return true;
            }
            Membership.sleep(20);
        }
        return waitMs <= 0;
    }

    /**
     * {@code POST /snapshot}: snapshots now and truncates the log, leaving {@code trailingLogs} entries before the
     * snapshot so that a follower that far behind catches up from the log. False when nothing was applied since the
     * last snapshot.
     */
    public boolean snapshotNow(long timeoutMs, long trailingLogs) throws Exception {
        if (machine.appliedIndex() <= machine.snapshotIndex()) {
            return false;
        }
        try {
            raft.truncateLog(trailingLogs).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            telemetry.count("store", "num_user_snapshots_failed");
            throw e;
        }
        telemetry.count("store", "num_user_snapshots");
        return true;
    }

    /** The newest snapshot copy this node holds, if it is at {@code minIndex} or later. */
    public java.util.Optional<SnapshotFile> snapshotFile(long minIndex) {
        return db.snapshots().latest().filter(c -> c.index() >= minIndex)
                .map(c -> new SnapshotFile(c.index(), c.term(), c.size(), c.crc32c(), c.path()));
    }

    /** A copy of this node's database in a new SQLite file, which the caller deletes. */
    public Path backup() throws SQLException, java.io.IOException {
        Path copy = db.backup();
        telemetry.count("store", "num_backups");
        return copy;
    }

    /** This node's database as rqlited's SQL text dump, of {@code tables} or of all when it is empty. */
    public void dump(java.io.Writer out, java.util.Set<String> tables) throws SQLException, java.io.IOException {
        db.dump(out, tables);
    }

    /** The cluster's nodes as the log describes them. */
    public List<NodeMeta> nodes() {
        return nodes.all();
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
        return open ? nodes.get(raft.leaderId()) : null;
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

    private String role() {
        return raft.isLeader() ? "leader" : raft.isVoter() ? "follower" : "learner";
    }

    /** The numbers the node's gauges report; cheap enough to read at every metric export. */
    private org.raftlite.telemetry.Gauges gauges() {
        return new org.raftlite.telemetry.Gauges(raft.term(), raft.commitIndex(), machine.appliedIndex(),
                raft.isLeader(), machine.leaderChanges(), raft.logSizeBytes(), db.size() + db.walSize(), queue.depth());
    }

    /** A snapshot of the numbers /status reports. */
    public StoreStatus status() {
        String leaderId = raft.leaderId();
        NodeMeta leader = nodes.get(leaderId);
        String leaderAddr = leader != null ? leader.raftAddr()
                : config.id().equals(leaderId) ? config.advertisedRaftAddr() : "";
        return new StoreStatus(open, config.id(), config.advertisedRaftAddr(), raft.state(), raft.isVoter(),
                raft.term(), raft.lastLogIndex(), raft.lastLogTerm(), raft.commitIndex(), machine.appliedIndex(),
                machine.appliedTerm(), machine.snapshotIndex(), leaderId == null ? "" : leaderId, leaderAddr,
                isReady(), raft.members(), raft.logSizeBytes(), db.path().toString(), db.size(), db.walSize(),
                Map.of("rw", db.pragmas(false), "ro", db.pragmas(true)), machine.lastApplyMillis(),
                Path.of(config.dataDir()).toAbsolutePath().toString(),
                raft.isLeader() ? 0 : raft.nanosSinceLeaderContact());
    }
}
