package org.raftlite.http;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.raftlite.store.Workers;

/**
 * The store's workers are Vert.x's: work handed over runs on a worker thread of the caller's context, so the
 * request's trace goes along, and its result comes back on that context.
 */
@ApplicationScoped
public class VertxWorkers implements Workers {

    private final Vertx vertx;

    public VertxWorkers(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public <T> CompletionStage<T> supply(Callable<T> work) {
        var context = Vertx.currentContext();
        return (context != null ? context.executeBlocking(work, false) : vertx.executeBlocking(work, false))
                .toCompletionStage();
    }
}
