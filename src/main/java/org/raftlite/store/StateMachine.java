package org.raftlite.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.raftlite.command.Entry;
import org.raftlite.command.EntryCodec;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.db.Database;
import org.raftlite.raft.RaftNode;

/**
 * The only writer of the SQLite file: applies each committed entry, in log order, on RAFT's runner thread, and hands
 * the result to the HTTP request waiting on this node, if any. Entries the file already holds (up to its trusted
 * fingerprint) are skipped; the file is checkpointed every {@code raftSnap} entries or when its WAL grows large.
 */
final class StateMachine implements RaftNode.Applier {

    private static final Logger LOG = Logger.getLogger(StateMachine.class);

    /** What applying one entry produced, for the proposer. */
    record Applied(long index, Response response) {
    }

    private final Database db;
    private final Nodes nodes;
    private final String nodeId;
    private final int snapshotEvery;
    private final long walLimit;
    private final Map<Long, CompletableFuture<Applied>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long appliedIndex;
    private volatile long appliedTerm;
    private volatile long noopTerm = -1;
    private volatile long lastApplyMillis;
    private long checkpointIndex;

    StateMachine(Database db, Nodes nodes, String nodeId, int snapshotEvery, long walLimit) {
        this.db = db;
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.snapshotEvery = snapshotEvery;
        this.walLimit = walLimit;
        this.appliedIndex = db.trustedIndex();
        this.appliedTerm = db.trustedTerm();
        this.checkpointIndex = appliedIndex;
    }

    /** Registers a proposal; the returned future completes when this node applies it. */
    Proposal propose(Request request, NodeMeta node, String traceparent) {
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
    public void apply(long index, long term, byte[] data, int offset, int length) {
        Entry entry = EntryCodec.decode(data, offset, length);
        Request request = entry.request();
        // control entries shape what this node knows, which the SQLite file does not hold: never skipped
        switch (request.kind()) {
            case NOOP -> noopTerm = term;
            case NODE_META -> nodes.put(entry.node());
            case NODE_REMOVED -> nodes.remove(entry.node().id());
            default -> {
            }
        }
        if (index <= appliedIndex) {
            return;
        }
        Response response = run(request);
        appliedIndex = index;
        appliedTerm = term;
        lastApplyMillis = System.currentTimeMillis();
        if (entry.origin().equals(nodeId)) {
            CompletableFuture<Applied> future = waiting.remove(entry.sequence());
            if (future != null) {
                future.complete(new Applied(index, response));
            }
        }
        checkpointIfDue(index, term);
    }

    private Response run(Request request) {
        if (request.statements().isEmpty()) {
            return Response.of(List.of());
        }
        try {
            return Response.of(db.apply(request));
        } catch (SQLException e) {
            return Response.failed(e.getMessage());
        }
    }

    private void checkpointIfDue(long index, long term) {
        boolean byCount = index - checkpointIndex >= snapshotEvery;
        boolean byWal = walLimit > 0 && db.walSize() > walLimit;
        if ((byCount || byWal) && db.checkpoint(index, term)) {
            checkpointIndex = index;
        }
    }

    /** Checkpoints at the last applied index; called once applying has stopped. */
    void checkpointNow() {
        if (appliedIndex > checkpointIndex && db.checkpoint(appliedIndex, appliedTerm)) {
            checkpointIndex = appliedIndex;
        }
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long appliedTerm() {
        return appliedTerm;
    }

    long lastApplyMillis() {
        return lastApplyMillis;
    }

    /** The term of the last no-op applied: a leader's no-op of the current term means all earlier entries are in. */
    long noopTerm() {
        return noopTerm;
    }

    long checkpointIndex() {
        return checkpointIndex;
    }
}
