package org.raftlite.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A test's client threads: each repeats its step until {@link #stop}, which waits for them to finish. */
public final class ClientThreads {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    /** Starts a daemon thread called {@code name} that runs {@code step} over and over. */
    public void start(String name, Runnable step) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                step.run();
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Lets every thread finish the step it is in, and waits for it (a step is bounded by its client's timeout). */
    public void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    /** A client backing off before it tries again. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
