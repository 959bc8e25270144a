package org.raftlite.store;

import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.raftlite.command.Command;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Rewrite;
import org.raftlite.command.Statement;
import org.raftlite.config.NodeConfig;
import org.raftlite.db.Rewriter;
import org.raftlite.raft.NotLeaderException;
import org.raftlite.raft.RaftNode;
import org.raftlite.telemetry.Telemetry;

/**
 * What goes into the Raft log and how its proposer learns what came of it: statements made deterministic, a
 * command proposed on the leader, answered once this node has applied it, and leadership lost on the way told
 * apart from an entry that was never appended.
 */
final class Proposals {

    private static final Logger LOG = Logger.getLogger(Proposals.class);
    /** hashicorp/raft's ErrLeadershipLost, which rqlited reports for a write its node proposed and then lost. */
    static final String LEADERSHIP_LOST = "leadership lost while committing log";

    private final NodeConfig config;
    private final Telemetry telemetry;
    private final StateMachine machine;
    private final RaftNode raft;
    private final Rewriter rewriter = new Rewriter();

    Proposals(NodeConfig config, Telemetry telemetry, StateMachine machine, RaftNode raft) {
        this.config = config;
        this.telemetry = telemetry;
        this.machine = machine;
        this.raft = raft;
    }

    /** A client's request through the log, its statements made deterministic first. */
    CompletionStage<Outcome> write(Request request, Command.Kind kind) {
        if (!raft.isLeader()) {
            return Outcome.notHereNow();
        }
        return submit(new Command(kind, prepare(request.statements(), request.rewrite()), request.transaction(),
                request.timings(), request.dbTimeoutMs(), request.batch()), request.traceparent());
    }

    /**
     * A command through the log, answered with what the state machine computed at apply; {@code NotHere} when this
     * node is not the leader or its entry was never appended.
     */
    CompletionStage<Outcome> submit(Command command, String traceparent) {
        if (!raft.isLeader()) {
            return Outcome.notHereNow();
        }
        return proposeAsync(command, null, traceparent).handle((response, failure) -> failure == null
                ? Outcome.answered(response) : new Outcome.NotHere());
    }

    /** Makes statements deterministic and marks those with RETURNING, unless the client said {@code noparse}. */
    List<Statement> prepare(List<Statement> statements, Rewrite rewrite) {
        if (!rewrite.parse()) {
            return statements;
        }
        return statements.stream()
                .map(s -> new Statement(rewriter.rewrite(s.sql(), rewrite.randoms(), rewrite.times()), s.params(),
                        Rewriter.hasReturning(s.sql())))
                .toList();
    }

    Response propose(Command request, NodeMeta node) throws NotLeaderException {
        return await(proposeAsync(request, node, null));
    }

    /** What a proposal came to; leadership lost on the way is {@link NotLeaderException} again. */
    static Response await(CompletableFuture<Response> outcome) throws NotLeaderException {
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
     * Sends a command through the log. The future completes on RAFT's thread once this node has applied it (or the
     * apply timeout passed), and fails with {@link NotLeaderException} only when the entry was never appended, so
     * that another node may take it. Once appended, a write may still commit after this node lost leadership: it is
     * answered with rqlited's error for that, never proposed again.
     */
    CompletableFuture<Response> proposeAsync(Command request, NodeMeta node, String traceparent) {
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
}
