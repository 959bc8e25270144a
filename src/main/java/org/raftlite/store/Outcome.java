package org.raftlite.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.raftlite.command.Response;

/** What became of a request handed to {@link Store#handle}: the only answers the data endpoints give. */
public sealed interface Outcome {

    /** Served here: the results (or the request-level error) to render. */
    record Answered(Response response) implements Outcome {
    }

    /** A queued write taken into the queue under this sequence number. */
    record Queued(long sequence) implements Outcome {
    }

    /**
     * This node cannot serve it (not the leader, a level only the leader serves, no leader for a queued write):
     * the request goes to the leader as it came, or is refused when there is none.
     */
    record NotHere() implements Outcome {
    }

    /** Refused with an HTTP status and a plain-text reason, as rqlited refuses it (a queued write's wait timed out). */
    record Refused(int status, String message) implements Outcome {
    }

    static Outcome answered(Response response) {
        return new Answered(response);
    }

    /** Answered already, for a decision made on the caller's thread. */
    static CompletionStage<Outcome> now(Response response) {
        return CompletableFuture.completedStage(new Answered(response));
    }

    static CompletionStage<Outcome> notHereNow() {
        return CompletableFuture.completedStage(new NotHere());
    }
}
