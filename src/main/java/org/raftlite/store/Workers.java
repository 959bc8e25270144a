package org.raftlite.store;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * Where the store runs what may wait (a read not known to be quick, a queued write that waits, the unified
 * endpoint's classification): a thread that may block, carrying the caller's context, its trace among it. The HTTP
 * layer provides it, since it knows which threads those are.
 */
public interface Workers {

    <T> CompletionStage<T> supply(Callable<T> work);
}
