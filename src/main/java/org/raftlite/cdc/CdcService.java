package org.raftlite.cdc;

import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.raftlite.config.NodeConfig;
import org.raftlite.db.ChangeFilter;
import org.raftlite.db.RowChange;
import org.raftlite.store.ChangeFeed;
import org.raftlite.telemetry.Telemetry;

/**
 * rqlite's CDC service. Every node batches what each entry changed ({@link #committed}, in log order) by
 * {@code max_batch_size} and {@code max_batch_delay} ({@link BatchCodec}) and queues the batch in its {@link Fifo}
 * on disk, keyed by the batch's last index. Only the leader sends: the batches after the high-water mark, one at a
 * time, in rqlite's JSON ({@link Envelope}), each retried by the policy until the endpoint answers 200 or 202 (or
 * dropped after {@code transmit_max_retries}). Every {@code high_watermark_interval} the leader puts the mark it
 * reached into the log ({@code CDC_MARK}), and every node forgets the batches up to it. A new leader starts after
 * the last mark, so every change reaches the endpoint at least once, in index order; duplicates (same
 * {@code index}) only around a leader change or restart.
 * <p>
 * Durability: the FIFO's commits survive the process; the entries a restart replays (those after the SQLite file's
 * last checkpoint) are captured again, and the FIFO ignores the batches it already holds. Before every checkpoint
 * the state machine calls {@link #sync}, which writes the batch in making and fsyncs the FIFO, so no event can be
 * lost between a checkpoint and a crash.
 */
@ApplicationScoped
public class CdcService implements ChangeFeed {

    private static final Logger LOG = Logger.getLogger(CdcService.class);
    /** At most this many write traces are linked from one delivery span. */
    private static final int MAX_LINKS = 32;

    private final NodeConfig nodeConfig;
    private final Telemetry telemetry;
    private CdcConfig config;
    private Fifo fifo;
    private Sink sink;
    private volatile boolean running;
    private volatile ChangeFeed.Node node;
    private Thread batcher;
    private Thread transmitter;
    private Thread marker;

    private final Object pendingLock = new Object();
    private List<Envelope.Group> pending = new ArrayList<>();
    private long firstPendingNanos;
    /** Held while a batch goes from {@link #pending} into the FIFO, so that {@link #sync} waits for it. */
    private final Object writing = new Object();
    private final Object queued = new Object();

    /** The last index the leader delivered (or, on a follower, the last mark applied). */
    private volatile long highWatermark;
    private long lastMark;

    private final Map<String, AtomicLong> stats = new LinkedHashMap<>();

    public CdcService(NodeConfig nodeConfig, Telemetry telemetry) {
        this.nodeConfig = nodeConfig;
        this.telemetry = telemetry;
        for (String key : List.of("batcher_events_write", "batcher_reads", "batcher_writes", "dropped_failed_to_send",
                "fifo_enqueue_ignored", "hwm_ignored", "num_bytes_tx", "num_events_tx_failed", "num_events_tx_ok",
                "retries", "snapshot_sync")) {
            stats.put(key, new AtomicLong());
        }
    }

    /** Opens the FIFO before the state machine replays anything, which may happen before the node is open. */
    @PostConstruct
    void open() {
        config = nodeConfig.cdcConfig().filter(c -> !c.isBlank()).map(CdcConfig::parse).orElse(null);
        if (config == null) {
            return;
        }
        if (nodeConfig.raftNonVoter()) {
            throw new CdcConfig.Invalid("cdc: CDC is not supported on non-voting nodes");
        }
        try {
            fifo = new Fifo(Path.of(nodeConfig.dataDir()).toAbsolutePath().resolve("cdc"));
            sink = Sink.of(config);
            highWatermark = fifo.highWatermark();
            lastMark = highWatermark;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cdc: opening the CDC service failed: " + e.getMessage(), e);
        }
        telemetry.observeCdcFifo(fifo::length, fifo::bytes);
        running = true;
        batcher = thread("cdc-batcher", this::batchLoop);
        LOG.infof("CDC on: sending to %s, FIFO in %s, high-water mark %d", config.sinkName(), fifo.dir(),
                highWatermark);
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public boolean enabled() {
        return config != null;
    }

    @Override
    public Optional<ChangeFilter> filter() {
        return config == null ? Optional.empty()
                : Optional.of(new ChangeFilter(config.tableFilter(), config.rowIdsOnly()));
    }

    @Override
    public void start(ChangeFeed.Node node) {
        if (config == null) {
            return;
        }
        this.node = node;
        transmitter = thread("cdc-transmitter", this::transmitLoop);
        marker = thread("cdc-marker", this::markLoop);
    }

    @Override
    public void committed(long index, List<RowChange> changes, String traceparent) {
        if (config == null) {
            return;
        }
        telemetry.cdcCaptured(changes.size());
        synchronized (pendingLock) {
            if (pending.isEmpty()) {
                firstPendingNanos = System.nanoTime();
            }
            pending.add(new Envelope.Group(index, System.currentTimeMillis(), changes, traceparent));
            if (pending.size() >= config.maxBatchSize()) {
                pendingLock.notifyAll();
            }
        }
    }

    @Override
    public void marked(long index) {
        if (config == null) {
            return;
        }
        try {
            fifo.deliveredUpTo(index);
        } catch (Exception e) {
            LOG.warnf("forgetting the batches up to %d failed: %s", index, e.getMessage());
        }
        if (index > highWatermark) {
            highWatermark = index;
        } else {
            stats.get("hwm_ignored").incrementAndGet();
        }
    }

    @Override
    public void sync() {
        if (config == null) {
            return;
        }
        stats.get("snapshot_sync").incrementAndGet();
        synchronized (writing) {
            write(takePending());
            try {
                fifo.sync();
            } catch (Exception e) {
                LOG.warnf("syncing the FIFO failed: %s", e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        if (config == null || !running) {
            return;
        }
        running = false;
        for (Thread t : new Thread[] {batcher, transmitter, marker}) {
            if (t != null) {
                t.interrupt();
            }
        }
        sync();
        try {
            fifo.close();
        } catch (Exception e) {
            LOG.warnf("closing the FIFO failed: %s", e.getMessage());
        }
    }

    private List<Envelope.Group> takePending() {
        synchronized (pendingLock) {
            List<Envelope.Group> taken = pending;
            pending = new ArrayList<>();
            return taken;
        }
    }

    /** Waits until a batch is full or its first change has waited {@code max_batch_delay}, then queues it. */
    private void batchLoop() {
        long delay = config.maxBatchDelay().toNanos();
        while (running) {
            try {
                synchronized (pendingLock) {
                    while (running && (pending.isEmpty() || pending.size() < config.maxBatchSize()
                            && System.nanoTime() - firstPendingNanos < delay)) {
                        long waitNanos = pending.isEmpty() ? TimeUnit.SECONDS.toNanos(1)
                                : delay - (System.nanoTime() - firstPendingNanos);
                        TimeUnit.NANOSECONDS.timedWait(pendingLock, Math.max(waitNanos, 1));
                    }
                }
                synchronized (writing) {
                    write(takePending());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Queues the groups, {@code max_batch_size} to a batch; those the FIFO holds already (a replay) are left out. */
    private void write(List<Envelope.Group> all) {
        long held = fifo.lastKey();
        List<Envelope.Group> groups = all.stream().filter(g -> g.index() > held).toList();
        int size = config.maxBatchSize();
        for (int from = 0; from < groups.size(); from += size) {
            List<Envelope.Group> batch = groups.subList(from, Math.min(groups.size(), from + size));
            long last = batch.get(batch.size() - 1).index();
            byte[] body = BatchCodec.encode(batch);
            LinkedHashSet<String> traces = new LinkedHashSet<>();
            int events = 0;
            for (Envelope.Group g : batch) {
                events += g.changes().size();
                if (!g.traceparent().isEmpty() && traces.size() < MAX_LINKS) {
                    traces.add(g.traceparent());
                }
            }
            try {
                if (fifo.enqueue(last, body, List.copyOf(traces))) {
                    stats.get("batcher_writes").incrementAndGet();
                    stats.get("batcher_events_write").addAndGet(events);
                } else {
                    stats.get("fifo_enqueue_ignored").incrementAndGet();
                }
            } catch (Exception e) {
                LOG.errorf("queuing the CDC batch up to index %d failed: %s", last, e.getMessage());
            }
        }
        synchronized (queued) {
            queued.notifyAll();
        }
    }

    /** On the leader, sends the batches after the high-water mark, in order, one at a time. */
    private void transmitLoop() {
        while (running) {
            try {
                ChangeFeed.Node n = node;
                Optional<Fifo.Item> item = n != null && n.isLeader() ? fifo.after(highWatermark) : Optional.empty();
                if (item.isEmpty()) {
                    synchronized (queued) {
                        queued.wait(100);
                    }
                    continue;
                }
                stats.get("batcher_reads").incrementAndGet();
                deliver(item.get());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("reading the FIFO failed: %s", e.getMessage());
                }
            }
        }
    }

    /** Sends one batch until it is delivered, dropped after the retries allowed, or this node no longer leads. */
    private void deliver(Fifo.Item item) throws InterruptedException {
        byte[] body = Envelope.marshal(config.serviceId(), nodeConfig.id(), BatchCodec.decode(item.body()));
        for (int attempt = 0; running && node.isLeader(); attempt++) {
            if (attempt > 0) {
                stats.get("retries").incrementAndGet();
                telemetry.cdcRetried();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            Span span = telemetry.startDeliver(sink.uri(), item.key(), item.traces(), headers::put);
            boolean ok = false;
            try {
                ok = sink.send(body, headers);
                telemetry.endForward(span, ok ? 200 : 500, null);
            } catch (java.io.IOException e) {
                telemetry.endForward(span, 0, e);
                LOG.debugf("sending the batch up to index %d failed: %s", item.key(), e.getMessage());
            }
            if (ok) {
                stats.get("num_events_tx_ok").incrementAndGet();
                stats.get("num_bytes_tx").addAndGet(body.length);
                telemetry.cdcBatch("delivered");
                highWatermark = Math.max(highWatermark, item.key());
                return;
            }
            stats.get("num_events_tx_failed").incrementAndGet();
            if (config.maxRetries() >= 0 && attempt >= config.maxRetries()) {
                LOG.warnf("dropping the batch up to index %d after %d retries", item.key(), attempt);
                stats.get("dropped_failed_to_send").incrementAndGet();
                telemetry.cdcBatch("dropped");
                highWatermark = Math.max(highWatermark, item.key());
                return;
            }
            Thread.sleep(backoff(attempt).toMillis());
        }
    }

    private java.time.Duration backoff(int attempt) {
        if (!config.exponential()) {
            return config.minBackoff();
        }
        java.time.Duration d = config.minBackoff().multipliedBy(1L << Math.min(attempt, 30));
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    /** On the leader, puts the high-water mark into the log when it moved, so every node can trim its FIFO. */
    private void markLoop() {
        long every = Math.max(1, config.highWatermarkInterval().toMillis());
        while (running) {
            try {
                Thread.sleep(every);
                long mark = highWatermark;
                if (mark > lastMark && node.isLeader()) {
                    node.proposeMark(mark);
                    lastMark = mark;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debugf("proposing the high-water mark failed: %s", e.getMessage());
            }
        }
    }

    /** The {@code cdc} section of /status, as rqlited reports it. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node_id", nodeConfig.id());
        out.put("dir", fifo.dir().toString());
        out.put("highwater_mark", highWatermark);
        ChangeFeed.Node n = node;
        out.put("is_leader", n != null && n.isLeader());
        out.put("sink", config.sinkName());
        Map<String, Object> fifoStats = new LinkedHashMap<>();
        boolean hasNext;
        try {
            hasNext = fifo.after(highWatermark).isPresent();
        } catch (Exception e) {
            hasNext = false;
        }
        fifoStats.put("has_next", hasNext);
        fifoStats.put("length", fifo.length());
        fifoStats.put("bytes", fifo.bytes());
        out.put("fifo", fifoStats);
        if (!config.serviceId().isEmpty()) {
            out.put("service_id", config.serviceId());
        }
        return out;
    }

    /** The counters of rqlited's {@code cdc-service} expvar map, and the FIFO's size. */
    public Map<String, Long> expvars() {
        Map<String, Long> out = new java.util.TreeMap<>();
        stats.forEach((k, v) -> out.put(k, v.get()));
        out.put("fifo_size", fifo.length());
        out.put("fifo_bytes", fifo.bytes());
        return out;
    }
}
