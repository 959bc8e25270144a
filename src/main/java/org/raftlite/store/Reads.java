package org.raftlite.store;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.raftlite.command.Command;
import org.raftlite.command.Level;
import org.raftlite.command.ReadOptions;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.db.Database;
import org.raftlite.raft.RaftNode;

/**
 * Reads by consistency level (API.md §4): which node may serve them, whether the log or a barrier comes first,
 * and where a local read runs ({@link ReadPlacement}).
 */
final class Reads {

    private final Database db;
    private final StateMachine machine;
    private final RaftNode raft;
    private final Proposals proposals;
    private final Workers workers;
    private final ReadPlacement placement = new ReadPlacement();
    private final LongAdder atOnce = new LongAdder();
    private final LongAdder onWorker = new LongAdder();
    private volatile long lastLeaderContactMillis;

    Reads(Database db, StateMachine machine, RaftNode raft, Proposals proposals, Workers workers) {
        this.db = db;
        this.machine = machine;
        this.raft = raft;
        this.proposals = proposals;
        this.workers = workers;
    }

    Store.ReadCounts counts() {
        return new Store.ReadCounts(atOnce.sum(), onWorker.sum());
    }

    /** Reads by level (API.md §4): strong through the log, linearizable after a read barrier, weak and none here. */
    CompletionStage<Outcome> read(Request request) {
        ReadOptions read = request.read();
        Level level = levelOf(read);
        if (level != Level.NONE && !raft.isLeader()) {
            return Outcome.notHereNow();
        }
        return switch (level) {
            case STRONG -> proposals.write(request, Command.Kind.QUERY);
            case LINEARIZABLE -> afterBarrier(request);
            default -> level == Level.NONE && isStale(read) ? Outcome.now(Response.failed("stale read"))
                    : localRead(request);
        };
    }

    /**
     * Linearizable reads (DESIGN.md decision 6): a barrier entry, committed by a quorum after the read arrived,
     * and the read once it is applied here.
     */
    private CompletionStage<Outcome> afterBarrier(Request request) {
        long commit = raft.commitIndex();
        CompletableFuture<byte[]> barrier;
        try {
            barrier = raft.readBarrier();
        } catch (Exception refused) {
            return Outcome.notHereNow();
        }
        return barrier.orTimeout(request.read().linearizableTimeoutMs(), TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> failure)
                .thenCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause == null) {
                        return workers.supply(() -> runRead(request));
                    }
                    return cause instanceof TimeoutException
                            ? Outcome.now(Response.failed("index " + commit + ": timeout waiting for fsm"))
                            : Outcome.notHereNow();
                });
    }

    /**
     * A read on a reader here: at once when its SQL has been seen to finish within the budget of a thread that must
     * not block (and the file is not being replaced), on a worker otherwise (DESIGN.md, one read).
     */
    private CompletionStage<Outcome> localRead(Request request) {
        if (placement.quick(request.statements())) {
            try {
                long start = System.nanoTime();
                var results = db.queryNow(request.statements(), request.transaction(), request.timings(),
                        request.dbTimeoutMs());
                if (results != null) {
                    placement.observed(request.statements(), System.nanoTime() - start);
                    atOnce.increment();
                    return Outcome.now(Response.of(results));
                }
            } catch (SQLException e) {
                return Outcome.now(Response.failed(e.getMessage()));
            }
        }
        return workers.supply(() -> runRead(request));
    }

    /** A read on a worker, timed so that the next of its kind is placed where it belongs. */
    Outcome runRead(Request request) {
        onWorker.increment();
        long start = System.nanoTime();
        try {
            var results = db.query(request.statements(), request.transaction(), request.timings(),
                    request.dbTimeoutMs());
            placement.observed(request.statements(), System.nanoTime() - start);
            return Outcome.answered(Response.of(results));
        } catch (SQLException e) {
            return Outcome.answered(Response.failed(e.getMessage()));
        }
    }

    private Level levelOf(ReadOptions read) {
        return read.level() == Level.AUTO ? (raft.isVoter() ? Level.WEAK : Level.NONE) : read.level();
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
}
