package org.raftlite.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.raftlite.command.Batch;
import org.raftlite.cluster.Nodes;
import org.raftlite.command.Entry;
import org.raftlite.command.EntryCodec;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Command;
import org.raftlite.command.Response;
import org.raftlite.command.StatementResult;
import org.raftlite.db.Database;
import org.raftlite.db.RowChange;
import org.raftlite.db.SnapshotStore;
import org.raftlite.raft.RaftNode;
import org.raftlite.telemetry.Telemetry;

/**
 * The only writer of the SQLite file: applies each committed entry, in log order, on RAFT's runner thread, and hands
 * the result to the HTTP request waiting on this node, if any. Entries the file already holds (up to its trusted
 * fingerprint) are skipped; the file is checkpointed every {@code raftSnap} entries or when its WAL grows large.
 * Over 300 lines: the shared transaction and its redo, checkpoints, snapshots and the memory of queued batches
 * are all the state of RAFT's one thread, which only this class touches, and splitting them would share it.
 */
final class StateMachine implements RaftNode.Applier {

    private static final Logger LOG = Logger.getLogger(StateMachine.class);

    /** What applying one entry produced, for the proposer. */
    record Applied(long index, Response response) {
    }

    private record Held(long index, long term, Entry entry, Response response, List<RowChange> changes) {
    }

    private final Database db;
    private final Nodes nodes;
    private final String nodeId;
    private final int snapshotEvery;
    private final long walLimit;
    private final Telemetry telemetry;
    private final java.util.function.Supplier<String> role;
    private final SnapshotFetcher fetcher;
    private final ChangeFeed feed;
    private final Map<Long, CompletableFuture<Applied>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /** The last entry whose effects are committed in SQLite, and so visible to readers. */
    private volatile long appliedIndex;
    /** The last entry run, committed or held; RAFT's thread only. */
    private long ranIndex;
    /**
     * Entries run in one shared SQLite transaction and not yet committed: a run of entries committed together in
     * Raft costs one SQLite commit, not one each. Their proposers get their answers once it commits.
     */
    private final List<Held> held = new java.util.ArrayList<>();
    /** Keeps the shared transaction, and what a failed commit has to redo, bounded during a long catch-up. */
    private static final int MAX_HELD = 1024;
    private volatile long appliedTerm;
    private volatile long noopTerm = -1;
    private volatile long leaderChanges;
    private volatile long lastApplyMillis;
    private volatile long checkpointIndex;
    private volatile long snapshotIndex;
    /** After a checkpoint that readers kept from finishing, wait this many entries before trying again. */
    private static final int WAL_RETRY_ENTRIES = 256;
    /** The WAL's size is looked at every so many entries: a stat per entry cost an eighth of the apply thread. */
    private static final int WAL_CHECK_ENTRIES = 32;
    /** How long a follower keeps trying to fetch a snapshot's file before the leader has to send it again. */
    private static final java.time.Duration SNAPSHOT_FETCH_DEADLINE = java.time.Duration.ofMinutes(5);
    private long nextWalCheck;
    /**
     * The number of the last queued batch applied, by the node that queued it: a batch sent again after an unknown
     * outcome (its leader lost, its answer lost) is not applied twice. Kept in snapshots; RAFT's thread only.
     */
    private final Map<String, Long> batches = new java.util.HashMap<>();

    /**
     * @param role          this node's Raft role, for the apply spans
     * @param authorization the Authorization header this node fetches snapshots with, when nodes ask for one
     * @param feed          where the rows each entry changed go
     */
    StateMachine(Database db, Nodes nodes, String nodeId, int snapshotEvery, long walLimit, Telemetry telemetry,
                 java.util.function.Supplier<String> role, java.util.Optional<String> authorization,
                 ChangeFeed feed) {
        this.db = db;
        this.feed = feed;
        this.telemetry = telemetry;
        this.role = role;
        this.fetcher = new SnapshotFetcher(db.snapshots(), nodeId, SNAPSHOT_FETCH_DEADLINE, authorization);
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.snapshotEvery = snapshotEvery;
        this.walLimit = walLimit;
        this.appliedIndex = db.trustedIndex();
        this.ranIndex = appliedIndex;
        this.appliedTerm = db.trustedTerm();
        this.checkpointIndex = appliedIndex;
    }

    /**
     * Registers a proposal; the returned future completes when this node applies it.
     *
     * @param traceparent the proposer's trace context, which every node's apply span takes as its parent
     */
    Proposal propose(Command request, NodeMeta node, String traceparent) {
        long seq = sequence.incrementAndGet();
        CompletableFuture<Applied> future = new CompletableFuture<>();
        waiting.put(seq, future);
        byte[] bytes = EntryCodec.encode(new Entry(nodeId, seq, traceparent == null ? "" : traceparent, request,
                node));
        return new Proposal(bytes, future, () -> waiting.remove(seq));
    }

    record Proposal(byte[] bytes, CompletableFuture<Applied> applied, Runnable abandon) {
    }

    @Override
    public void apply(long index, long term, boolean moreFollow, byte[] data, int offset, int length) {
        Entry entry = EntryCodec.decode(data, offset, length);
        if (entry.command().batch() != null && !firstTime(entry.command().batch())) {
            entry = new Entry(entry.origin(), entry.sequence(), entry.traceparent(),
                    new Command(Command.Kind.EXECUTE, List.of(), false, false, 0), entry.node());
        }
        Command request = entry.command();
        // control entries shape what this node knows, which the SQLite file does not hold: never skipped
        switch (request.kind()) {
            case NOOP -> leaderTerm(index, term);
            case NODE_META -> nodes.put(entry.node());
            case NODE_REMOVED -> nodes.remove(entry.node().id());
            case CDC_MARK -> feed.marked(request.cdcMark());
            default -> {
            }
        }
        if (index <= ranIndex) {
            return;
        }
        ranIndex = index;
        // a lone entry of one statement commits by itself; anything more shares one SQLite transaction
        if ((moreFollow || !held.isEmpty() || request.statements().size() > 1) && db.shareable(request)) {
            Response response = telemetry.apply(entry.traceparent(), index, term, nodeId, role,
                    () -> runShared(request));
            if (response != null) {
                held.add(new Held(index, term, entry, response, db.takeChanges()));
                if (!moreFollow || held.size() >= MAX_HELD) {
                    commitsApplied();
                }
                return;
            }
            redoAlone();
        } else {
            commitsApplied();
        }
        runAlone(index, term, entry);
    }

    /** Whether a queued batch is new; remembered either way, also for an entry the file already holds. */
    private boolean firstTime(Batch batch) {
        Long last = batches.get(batch.origin());
        if (last != null && batch.number() <= last) {
            LOG.debugf("batch %s was applied before; not again", batch);
            return false;
        }
        batches.put(batch.origin(), batch.number());
        return true;
    }

    @Override
    public void applyBarrier(long index, long term) {
        if (index <= ranIndex) {
            return;
        }
        commitsApplied();
        ranIndex = index;
        appliedTerm = term;
        appliedIndex = index;
        lastApplyMillis = System.currentTimeMillis();
    }

    /**
     * Commits the entries applied in one transaction and finishes them. If the commit fails, SQLite has undone them
     * all, and they run again one by one.
     */
    @Override
    public void commitsApplied() {
        if (held.isEmpty()) {
            return;
        }
        if (!db.commitShared()) {
            redoAlone();
            return;
        }
        for (Held h : held) {
            finish(h.index(), h.term(), h.entry(), h.response(), h.changes());
        }
        held.clear();
    }

    /** Runs again, each in its own transaction, the held entries that SQLite undid. */
    private void redoAlone() {
        List<Held> undone = List.copyOf(held);
        held.clear();
        for (Held h : undone) {
            runAlone(h.index(), h.term(), h.entry());
        }
    }

    private void runAlone(long index, long term, Entry entry) {
        Response response = telemetry.apply(entry.traceparent(), index, term, nodeId, role,
                () -> run(entry.command()));
        finish(index, term, entry, response, db.takeChanges());
    }

    /** An entry's effects are committed: readers may see them, and its proposer may have its answer. */
    private void finish(long index, long term, Entry entry, Response response, List<RowChange> changes) {
        if (!changes.isEmpty()) {
            feed.committed(index, changes, entry.traceparent());
        }
        appliedIndex = index;
        appliedTerm = term;
        if (entry.command().kind() == Command.Kind.NOOP) {
            noopTerm = term;
        }
        lastApplyMillis = System.currentTimeMillis();
        if (entry.origin().equals(nodeId)) {
            CompletableFuture<Applied> future = waiting.remove(entry.sequence());
            if (future != null) {
                future.complete(new Applied(index, response));
            }
        }
        checkpointIfDue(index, term);
    }

    /**
     * Every new leader appends a no-op in its term: counting the new ones counts leader changes. Its term becomes
     * {@link #noopTerm} once everything before it is visible to readers: here if the file already holds it, else
     * when it is finished.
     */
    private void leaderTerm(long index, long term) {
        if (index > ranIndex && term > noopTerm) {
            leaderChanges++;
        }
        if (index <= ranIndex) {
            noopTerm = term;
        }
    }

    /** Runs an entry in the transaction it shares with the held ones; null when SQLite ended that transaction. */
    private Response runShared(Command request) {
        if (request.statements().isEmpty()) {
            return Response.of(List.of());
        }
        try {
            List<StatementResult> results = db.applyShared(request);
            return results == null ? null : Response.of(results);
        } catch (SQLException e) {
            return null;
        }
    }

    private Response run(Command request) {
        if (request.statements().isEmpty()) {
            return Response.of(List.of());
        }
        try {
            return Response.of(db.apply(request));
        } catch (SQLException e) {
            return Response.failed(e.getMessage());
        }
    }

    /** Between snapshots, a large WAL is checkpointed on its own. */
    private void checkpointIfDue(long index, long term) {
        if (walLimit <= 0 || index < nextWalCheck) {
            return;
        }
        nextWalCheck = index + WAL_CHECK_ENTRIES;
        if (db.walSize() > walLimit) {
            feed.sync();
            if (db.checkpoint(index, term)) {
                checkpointIndex = index;
            } else {
                nextWalCheck = index + WAL_RETRY_ENTRIES;
            }
        }
    }

    /**
     * The snapshot jgroups-raft keeps and sends is a descriptor (DESIGN.md decision 4): the index and term, the node
     * that holds the file, and the registry. The file itself is checkpointed and copied into the snapshot store
     * here, and travels to a follower on its own.
     */
    @Override
    public void writeSnapshot(java.io.DataOutput out) throws Exception {
        commitsApplied();
        long start = System.nanoTime();
        long index = appliedIndex;
        long term = appliedTerm;
        feed.sync();
        db.snapshot(index, term);
        out.writeLong(index);
        out.writeLong(term);
        out.writeUTF(nodeId);
        List<NodeMeta> all = nodes.all();
        out.writeInt(all.size());
        for (NodeMeta n : all) {
            out.writeUTF(n.id());
            out.writeUTF(n.raftAddr());
            out.writeUTF(n.apiAddr());
            out.writeBoolean(n.voter());
        }
        out.writeInt(batches.size());
        for (Map.Entry<String, Long> b : batches.entrySet()) {
            out.writeUTF(b.getKey());
            out.writeLong(b.getValue());
        }
        checkpointIndex = index;
        snapshotIndex = index;
        telemetry.snapshotTaken(start);
        LOG.debugf("snapshot at index %d written", index);
    }

    /**
     * Installs a snapshot: the file is replaced only when the snapshot is ahead of what the file already holds, by
     * the local copy if it is recent enough, else by one streamed from the node that holds it.
     */
    @Override
    public void readSnapshot(java.io.DataInput in) throws Exception {
        long index = in.readLong();
        long term = in.readLong();
        String holder = in.readUTF();
        int count = in.readInt();
        List<NodeMeta> all = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(new NodeMeta(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean()));
        }
        readBatches(in);
        long installed = index;
        if (index > appliedIndex) {
            SnapshotStore.Copy copy = db.snapshots().latest().filter(c -> c.index() >= index)
                    .orElse(null);
            if (copy == null) {
                copy = fetcher.fetch(index, holder, all);
            }
            db.install(copy);
            telemetry.count("store", "num_restores");
            installed = copy.index();
            appliedIndex = copy.index();
            ranIndex = appliedIndex;
            appliedTerm = copy.term();
            checkpointIndex = copy.index();
            lastApplyMillis = System.currentTimeMillis();
        }
        nodes.replaceAll(all);
        snapshotIndex = Math.max(snapshotIndex, installed);
    }

    /**
     * The batches a snapshot remembers, merged with those known here: numbers only grow, so the larger is right
     * whichever is newer. A descriptor written before batches had identities ends after its nodes.
     */
    private void readBatches(java.io.DataInput in) throws java.io.IOException {
        int count;
        try {
            count = in.readInt();
        } catch (java.io.EOFException olderDescriptor) {
            return;
        }
        for (int i = 0; i < count; i++) {
            batches.merge(in.readUTF(), in.readLong(), Math::max);
        }
    }

    /** Checkpoints at the last applied index; called once applying has stopped. */
    void checkpointNow() {
        if (appliedIndex <= checkpointIndex) {
            return;
        }
        feed.sync();
        if (db.checkpoint(appliedIndex, appliedTerm)) {
            checkpointIndex = appliedIndex;
        }
    }

    long appliedIndex() {
        return appliedIndex;
    }

    /** Waits until this node has applied {@code index}; false when the timeout passes first. */
    boolean awaitApplied(long index, long timeoutMs) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (appliedIndex < index) {
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

    long appliedTerm() {
        return appliedTerm;
    }

    /** Whether {@code raftSnap} entries have been applied since the last snapshot (rqlite's threshold). */
    boolean snapshotDue() {
        return appliedIndex - snapshotIndex >= snapshotEvery;
    }

    /** New leaders seen in the log since this node started. */
    long leaderChanges() {
        return leaderChanges;
    }

    long lastApplyMillis() {
        return lastApplyMillis;
    }

    /** The term of the last no-op applied: a leader's no-op of the current term means all earlier entries are in. */
    long noopTerm() {
        return noopTerm;
    }

    /** The index of the last Raft snapshot taken or installed here. */
    long snapshotIndex() {
        return snapshotIndex;
    }
}
