package org.raftlite.raft;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.AppendEntriesRequest;
import org.jgroups.protocols.raft.AppendEntriesResponse;
import org.jgroups.protocols.raft.AppendResult;
import org.jgroups.protocols.raft.InstallSnapshotRequest;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftHeader;

/**
 * jgroups-raft's RAFT, telling the state machine which log index and term it is applying: jgroups-raft 1.1.4 hands
 * the state machine only the bytes of an entry, and {@code lastApplied()} is really the last appended index.
 * Both apply paths (live commits and the replay at start) go through here, on RAFT's single runner thread.
 * It also keeps a lagging follower catching up under steady writes: RAFT re-sends missing entries only when its
 * queue has been idle for {@code resend_interval}, which never happens while writes keep coming. For snapshots, it
 * sends a lagging follower the snapshot it already has instead of taking a new one for every follower, every time;
 * takes snapshots that keep trailing entries; ignores a repeated install of state already committed; and mends the
 * log an install leaves unreadable ({@link LogRepair}).
 */
public class IndexedRaft extends RAFT {

    /** JGroups finds a protocol's headers by its class's id, so the subclass needs one of its own. */
    private static final short PROTOCOL_ID = 1601;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, IndexedRaft.class);
    }

    /** jgroups-raft keeps the index an InstallSnapshot covers to its own package. */
    private static final java.lang.reflect.Field LAST_INCLUDED_INDEX = includedIndexField();

    private long lastFlushNanos = System.nanoTime();

    private volatile long applyingIndex;
    /** When an AppendEntries last came from a leader; 0 when none has. */
    private volatile long lastLeaderContactNanos;
    private volatile long applyingTerm;
    private volatile long applyingTo;
    /** While a follower answers an AppendEntries, the commit index it learns from it waits here. */
    private boolean answering;
    private long committedMeanwhile;

    /**
     * A state machine that may finish the entries it is handed later, together: RAFT tells it when every entry
     * committed so far has been handed over.
     */
    interface Batching {
        void commitsApplied();
    }

    long applyingIndex() {
        return applyingIndex;
    }

    /** The last index of the entries being applied now, in one go. */
    long applyingTo() {
        return applyingTo;
    }

    long applyingTerm() {
        return applyingTerm;
    }

    long lastLeaderContactNanos() {
        return lastLeaderContactNanos;
    }

    @Override
    protected void process(java.util.List<Request> requests) {
        java.util.List<Request> rest = new java.util.ArrayList<>(requests.size());
        for (Request r : requests) {
            if (r instanceof TrailingSnapshot snapshot) {
                snapshotKeeping(snapshot);
            } else {
                rest.add(r);
            }
        }
        super.process(rest);
        long now = System.nanoTime();
        if (isLeader() && now - lastFlushNanos > resend_interval * 1_000_000L) {
            lastFlushNanos = now;
            flushCommitTable();
        }
    }

    /**
     * A message received goes up on the thread that read it from its connection, which must not wait for RAFT's
     * queue: a message dropped when the queue is full is one Raft tolerates, as the leader sends again.
     */
    @Override
    protected void add(Request r) {
        if (!processing_queue.offer(r)) {
            log.debug("%s: RAFT's queue is full, dropped %s", local_addr, r);
        }
    }

    @Override
    protected long applyCommits(long toInclusive, boolean serializeResponse) {
        applyingTo = toInclusive;
        try {
            return super.applyCommits(toInclusive, serializeResponse);
        } finally {
            commitsApplied();
        }
    }

    private void commitsApplied() {
        if (state_machine instanceof Batching batching) {
            batching.commitsApplied();
        }
    }

    @Override
    protected void applyCommit(long index, boolean serializeResponse) throws Exception {
        LogEntry entry = log_impl.get(index);
        applyingIndex = index;
        applyingTerm = entry == null ? 0 : entry.term();
        super.applyCommit(index, serializeResponse);
    }

    /** A snapshot that keeps the last {@code trailingEntries} entries before it in the log. */
    CompletableFuture<Void> snapshotAsync(long trailingEntries) {
        if (trailingEntries <= 0) {
            return snapshotAsync();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new TrailingSnapshot(done, trailingEntries));
        return done;
    }

    /** A snapshot request that carries how many entries before the snapshot the log keeps. */
    private static final class TrailingSnapshot extends SnapshotRequest {
        private final CompletableFuture<Void> done;
        private final long keep;

        TrailingSnapshot(CompletableFuture<Void> done, long keep) {
            super(done);
            this.done = done;
            this.keep = keep;
        }
    }

    /**
     * As RAFT's own snapshot, but the log is truncated {@code keep} entries before the snapshot's index. The state
     * machine skips entries its file already holds, so replaying them after a restart or an install changes nothing.
     */
    private void snapshotKeeping(TrailingSnapshot request) {
        try {
            org.jgroups.util.ByteArrayDataOutputStream out =
                    new org.jgroups.util.ByteArrayDataOutputStream(128, true);
            internal_state.writeTo(out);
            state_machine.writeContentTo(out);
            log_impl.setSnapshot(ByteBuffer.wrap(out.buffer(), 0, out.position()));
            long upTo = commitIndex() - request.keep;
            if (upTo > log_impl.firstAppended()) {
                log_impl.truncate(upTo);
            }
            num_snapshots++;
            curr_log_size = 0;
            request.done.complete(null);
        } catch (Exception e) {
            request.done.completeExceptionally(e);
        }
    }

    /**
     * An InstallSnapshot for state this node has already committed is acknowledged and otherwise ignored. The leader
     * repeats its request every resend interval while a follower fetches the file; installing each repeat again
     * would empty the log (jgroups-raft's {@code reinitializeTo}) and drop entries appended and acknowledged since.
     */
    @Override
    public void handleUpRequest(Message msg, RaftHeader hdr) {
        if (hdr instanceof InstallSnapshotRequest request && includedIndex(request) <= commit_index) {
            AppendResult result = new AppendResult(AppendResult.Result.OK, includedIndex(request))
                    .commitIndex(commit_index);
            down_prot.down(new EmptyMessage(msg.src()).putHeader(id, new AppendEntriesResponse(currentTerm(),
                    result)));
            return;
        }
        if (hdr instanceof AppendEntriesRequest) {
            answerThenApply(msg, hdr);
            return;
        }
        super.handleUpRequest(msg, hdr);
    }

    /**
     * A follower acknowledges appended entries before it applies the ones the same message says are committed:
     * jgroups-raft applies first, which puts a follower's apply on the path of every write the leader waits for.
     */
    private void answerThenApply(Message msg, RaftHeader hdr) {
        lastLeaderContactNanos = System.nanoTime();
        answering = true;
        try {
            super.handleUpRequest(msg, hdr);
        } finally {
            answering = false;
        }
        if (committedMeanwhile > commit_index) {
            super.commitLogTo(committedMeanwhile, false);
        }
    }

    @Override
    protected RAFT commitLogTo(long indexInclusive, boolean serializeResponse) {
        if (answering) {
            committedMeanwhile = Math.max(committedMeanwhile, indexInclusive);
            return this;
        }
        return super.commitLogTo(indexInclusive, serializeResponse);
    }

    private static java.lang.reflect.Field includedIndexField() {
        try {
            java.lang.reflect.Field f = InstallSnapshotRequest.class.getDeclaredField("last_included_index");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static long includedIndex(InstallSnapshotRequest request) {
        try {
            return LAST_INCLUDED_INDEX.getLong(request);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Mends the log a snapshot install left unreadable (see {@link LogRepair}) before RAFT opens it, and lets only
     * one thread at a time use it ({@link SynchronizedLog}).
     */
    @Override
    public void start() throws Exception {
        if (log_impl == null && log_dir != null) {
            LogRepair.repair(java.nio.file.Path.of(createLogName(log_prefix != null ? log_prefix : raft_id, "log")));
        }
        super.start();
        if (log_impl != null && !(log_impl instanceof SynchronizedLog)) {
            log_impl = new SynchronizedLog(log_impl);
        }
    }

    /** How many appends to the log have written nothing (a full disk), since it was opened. */
    long failedAppends() {
        return log_impl instanceof SynchronizedLog log ? log.failedAppends() : 0;
    }

    /**
     * The last snapshot, as it is: its index is the first entry the truncated log still holds. RAFT's own takes a
     * fresh snapshot each time a follower needs one, and a snapshot copies the whole database file.
     */
    @Override
    protected void sendSnapshotTo(Address dest) throws Exception {
        ByteBuffer data = log_impl.getSnapshot();
        LogEntry first = data == null ? null : log_impl.get(log_impl.firstAppended());
        if (first == null) {
            super.sendSnapshotTo(dest);
            return;
        }
        Message msg = new BytesMessage(dest, data).putHeader(id, new InstallSnapshotRequest(currentTerm(), leader(),
                log_impl.firstAppended(), first.term()));
        down_prot.down(msg);
    }

    /** As RAFT's own, but every entry is applied with its index known. */
    @Override
    public void initStateMachineFromLog() throws Exception {
        if (state_machine == null || state_machine_loaded) {
            return;
        }
        int snapshotOffset = 0;
        java.nio.ByteBuffer snapshot = log_impl.getSnapshot();
        if (snapshot != null) {
            org.jgroups.util.ByteArrayDataInputStream in = new org.jgroups.util.ByteArrayDataInputStream(snapshot);
            internal_state.readFrom(in);
            state_machine.readContentFrom(in);
            snapshotOffset = 1;
        }
        long from = Math.max(1, log_impl.firstAppended() + snapshotOffset);
        applyingTo = commit_index;
        for (long i = from; i <= commit_index; i++) {
            LogEntry entry = log_impl.get(i);
            if (entry == null) {
                throw new IllegalStateException("log entry " + i + " not found in the log");
            }
            if (entry.command() == null) {
                continue;
            }
            if (entry.internal()) {
                executeInternalCommand(null, entry.command(), entry.offset(), entry.length());
            } else {
                applyingIndex = i;
                applyingTerm = entry.term();
                state_machine.apply(entry.command(), entry.offset(), entry.length(), false);
            }
        }
        commitsApplied();
        state_machine_loaded = true;
    }
}
