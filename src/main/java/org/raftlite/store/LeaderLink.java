package org.raftlite.store;

import java.util.concurrent.CompletionStage;
import org.raftlite.command.Command;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Response;

/**
 * A follower's way to hand the leader a queued batch, as rqlited's queue does: over the leader's HTTP API, with
 * the batch's identity, and without a client's credentials (there is no client by then). The HTTP layer provides
 * it; it is the same hop that forwards a client's request.
 */
public interface LeaderLink {

    /**
     * What the leader answered for the batch, with the log index it was applied at; fails when it could not be
     * asked or did not answer.
     */
    CompletionStage<Response> executeBatch(NodeMeta leader, Command batch);
}
