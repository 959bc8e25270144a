package org.raftlite.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import org.raftlite.command.Command;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.db.Exports;
import org.raftlite.raft.RaftNode;

/**
 * {@code POST /db/load} (API.md §12), on the leader: SQL text runs as one dump, whole or not at all; a SQLite file
 * is checked, turned into its dump and replaces the database, so that it reaches every node (and those that join
 * or restart later) through the log like any write. Both travel in the log entry itself: a file is bounded by
 * the request body limit, not streamed as snapshots are.
 */
final class Loads {

    private static final Logger LOG = Logger.getLogger(Loads.class);

    private final Exports exports;
    private final RaftNode raft;
    private final Proposals proposals;

    Loads(Exports exports, RaftNode raft, Proposals proposals) {
        this.exports = exports;
        this.raft = raft;
        this.proposals = proposals;
    }

    /** Runs on a worker: checking and dumping a file reads all of it. */
    CompletionStage<Outcome> load(Request request) {
        if (request.file() == null) {
            return proposals.submit(new Command(Command.Kind.LOAD, request.statements(), false, request.timings(), 0),
                    request.traceparent());
        }
        if (!raft.isLeader()) {
            // before the file is read whole, which only the leader does
            return Outcome.notHereNow();
        }
        String dump;
        try {
            dump = exports.dumpOf(request.file());
        } catch (SQLException | IOException e) {
            LOG.infof("a SQLite file sent to /db/load was refused: %s", e.getMessage());
            return CompletableFuture.completedStage(new Outcome.Refused(400, "invalid SQLite data"));
        }
        LOG.infof("loading a SQLite file of %d bytes", request.file().length);
        return proposals.submit(new Command(Command.Kind.REPLACE, List.of(Statement.of(dump)), false, false, 0),
                request.traceparent()).thenApply(Loads::asFileAnswer);
    }

    /** rqlited answers a file it loaded with no results, and one it could not with the error as text. */
    private static Outcome asFileAnswer(Outcome outcome) {
        if (!(outcome instanceof Outcome.Answered answered)) {
            return outcome;
        }
        Response response = answered.response();
        String error = response.error() != null ? response.error() : response.results().get(0).error();
        return error == null ? Outcome.answered(Response.of(List.of())) : new Outcome.Refused(500, error);
    }
}
