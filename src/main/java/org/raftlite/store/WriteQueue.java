package org.raftlite.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.raftlite.command.Batch;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;

/**
 * rqlite's queued writes (API.md §10): a request is numbered and answered at once; one thread gathers queued
 * requests into a batch (up to the batch size, or what arrived within the timeout) and sends it through the log as
 * one entry, retrying every second until it is applied. Node-local, as in rqlite. Each batch is named by its last
 * sequence number ({@link Batch}), so that the state machine applies a batch sent again only once.
 */
final class WriteQueue {

    private static final Logger LOG = Logger.getLogger(WriteQueue.class);
    private static final long RETRY_MILLIS = 1000;

    /** A queued request; {@code flushed} completes when its batch has been applied on this node. */
    record Queued(long sequence, List<Statement> statements, CompletableFuture<Void> flushed) {
    }

    private final BlockingQueue<Queued> queue;
    private final int batchSize;
    private final long timeoutNanos;
    private final BiFunction<Batch, List<Statement>, Response> execute;
    /** Numbers grow across restarts too (they start from the clock), so a batch's number is never reused. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
    private final String origin;
    private volatile long flushedSequence;
    /** Requests in the batch being gathered, so that a request that fills it wakes the flusher. */
    private volatile int gathered;
    private final Thread flusher;
    private volatile boolean running = true;

    /**
     * @param origin  this node's id, which names its batches
     * @param execute sends one batch through the log and returns what applying it gave
     */
    WriteQueue(String origin, int capacity, int batchSize, long timeoutNanos,
               BiFunction<Batch, List<Statement>, Response> execute) {
        this.origin = origin;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.timeoutNanos = timeoutNanos;
        this.execute = execute;
        this.flusher = new Thread(this::flushLoop, "write-queue");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Queues a request, waiting for room if the queue is full. */
    Queued add(List<Statement> statements) throws InterruptedException {
        Queued q = numbered(statements);
        queue.put(q);
        wakeIfBatchFull();
        return q;
    }

    /** Queues a request if there is room; null when the queue is full. */
    Queued offer(List<Statement> statements) {
        Queued q = numbered(statements);
        if (!queue.offer(q)) {
            return null;
        }
        wakeIfBatchFull();
        return q;
    }

    private Queued numbered(List<Statement> statements) {
        return new Queued(sequence.incrementAndGet(), statements, new CompletableFuture<>());
    }

    /**
     * The flusher gathers a batch asleep until its timeout and is woken only once the batch is full, not by every
     * request: waking a thread is a context switch, which would cost more than taking the request.
     */
    private void wakeIfBatchFull() {
        if (gathered + queue.size() >= batchSize) {
            LockSupport.unpark(flusher);
        }
    }

    /** Requests waiting for a batch. */
    int depth() {
        return queue.size();
    }

    /** The sequence number of the last request whose batch was applied. */
    long flushedSequence() {
        return flushedSequence;
    }

    private void flushLoop() {
        while (running) {
            try {
                List<Queued> batch = nextBatch();
                if (!batch.isEmpty()) {
                    flush(batch);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = new ArrayList<>();
        Queued first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                queue.drainTo(batch, batchSize - batch.size());
                gathered = batch.size();
                long left = deadline - System.nanoTime();
                if (batch.size() >= batchSize || left <= 0) {
                    return batch;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            gathered = 0;
        }
    }

    private void flush(List<Queued> batch) throws InterruptedException {
        List<Statement> statements = new ArrayList<>();
        batch.forEach(q -> statements.addAll(q.statements()));
        Batch named = new Batch(origin, batch.get(batch.size() - 1).sequence());
        while (running) {
            Response r = statements.isEmpty() ? Response.of(List.of()) : execute.apply(named, statements);
            if (r.error() == null) {
                flushedSequence = batch.get(batch.size() - 1).sequence();
                batch.forEach(q -> q.flushed().complete(null));
                return;
            }
            LOG.warnf("queued batch of %d requests failed (%s); retrying", batch.size(), r.error());
            Thread.sleep(RETRY_MILLIS);
        }
    }

    void close() {
        running = false;
        flusher.interrupt();
    }
}
