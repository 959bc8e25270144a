package org.raftlite.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.raftlite.command.Batch;
import org.raftlite.command.Command;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.config.NodeConfig;
import org.raftlite.raft.NotLeaderException;
import org.raftlite.raft.RaftNode;

/** Queued writes (API.md §10): taken into this node's {@link WriteQueue}, and its batches sent to the leader. */
final class QueuedWrites {

    private final NodeConfig config;
    private final WriteQueue queue;
    private final RaftNode raft;
    private final Proposals proposals;
    private final LeaderLink leaderLink;
    private final Workers workers;
    private final Supplier<NodeMeta> leader;
    private final StateMachine machine;

    QueuedWrites(NodeConfig config, WriteQueue queue, RaftNode raft, Proposals proposals, LeaderLink leaderLink,
                 Workers workers, Supplier<NodeMeta> leader, StateMachine machine) {
        this.machine = machine;
        this.config = config;
        this.queue = queue;
        this.raft = raft;
        this.proposals = proposals;
        this.leaderLink = leaderLink;
        this.workers = workers;
        this.leader = leader;
    }

    /**
     * Queues a write (API.md §10), answered with its sequence number at once; with {@code &wait}, only once its
     * batch has been applied here, and a full queue answers once there is room, both on a worker. Statements are
     * rewritten now, as rqlite does on receipt.
     */
    CompletionStage<Outcome> enqueue(Request request) {
        Request.Queueing queueing = request.queue();
        if (!queueing.noLeader() && leader.get() == null) {
            return Outcome.notHereNow();
        }
        List<Statement> statements = proposals.prepare(request.statements(), request.rewrite());
        if (!queueing.await()) {
            WriteQueue.Queued taken = queue.offer(statements);
            if (taken != null) {
                return CompletableFuture.completedStage(new Outcome.Queued(taken.sequence()));
            }
        }
        return workers.supply(() -> awaitQueued(statements, queueing));
    }

    private Outcome awaitQueued(List<Statement> statements, Request.Queueing queueing) throws InterruptedException {
        WriteQueue.Queued taken = queue.add(statements);
        if (!queueing.await()) {
            return new Outcome.Queued(taken.sequence());
        }
        try {
            taken.flushed().get(queueing.timeoutMs(), TimeUnit.MILLISECONDS);
            return new Outcome.Queued(taken.sequence());
        } catch (TimeoutException | ExecutionException e) {
            return new Outcome.Refused(408, "queue wait timeout");
        }
    }

    /** The last queued request applied, for /status. */
    long sequenceNumber() {
        return queue.flushedSequence();
    }

    /**
     * Sends a queued batch through the log from wherever this node is: proposed here on the leader, else to the
     * leader over HTTP as rqlited's queue does; the batch's identity keeps a batch sent again after an unknown
     * outcome from being applied twice.
     */
    Response sendBatch(Batch batch, List<Statement> statements) {
        Command command = new Command(Command.Kind.EXECUTE, statements, config.writeQueueTx(), false, 0, batch);
        if (raft.isLeader()) {
            try {
                return Proposals.await(proposals.proposeAsync(command, null, null));
            } catch (NotLeaderException e) {
                // on to the new leader
            }
        }
        NodeMeta target = leader.get();
        if (target == null || target.id().equals(config.id())) {
            return Response.failed("leader not found");
        }
        Response remote;
        try {
            remote = leaderLink.executeBatch(target, command).toCompletableFuture().join();
        } catch (CompletionException e) {
            return Response.failed(String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
        // &wait answers once the batch is applied here too, as it does on the leader
        if (remote.error() == null && !machine.awaitApplied(remote.raftIndex(), config.raftApplyTimeout().toMillis())) {
            return Response.failed("timeout waiting for apply of index " + remote.raftIndex());
        }
        return remote;
    }
}
