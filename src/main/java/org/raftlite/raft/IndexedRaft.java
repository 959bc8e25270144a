package org.raftlite.raft;

import java.nio.ByteBuffer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.InstallSnapshotRequest;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;

/**
 * jgroups-raft's RAFT, telling the state machine which log index and term it is applying: jgroups-raft 1.1.4 hands
 * the state machine only the bytes of an entry, and {@code lastApplied()} is really the last appended index.
 * Both apply paths (live commits and the replay at start) go through here, on RAFT's single runner thread.
 * It also keeps a lagging follower catching up under steady writes: RAFT re-sends missing entries only when its
 * queue has been idle for {@code resend_interval}, which never happens while writes keep coming. And it sends a
 * lagging follower the snapshot it already has instead of taking a new one for every follower, every time.
 */
public class IndexedRaft extends RAFT {

    /** JGroups finds a protocol's headers by its class's id, so the subclass needs one of its own. */
    private static final short PROTOCOL_ID = 1601;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, IndexedRaft.class);
    }

    private long lastFlushNanos = System.nanoTime();
    /** Entries the next snapshot leaves in the log before its index (rqlite's {@code trailing_logs}). */
    private final java.util.concurrent.atomic.AtomicLong trailing = new java.util.concurrent.atomic.AtomicLong();

    private volatile long applyingIndex;
    private volatile long applyingTerm;

    long applyingIndex() {
        return applyingIndex;
    }

    long applyingTerm() {
        return applyingTerm;
    }

    @Override
    protected void process(java.util.List<Request> requests) {
        super.process(requests);
        long now = System.nanoTime();
        if (isLeader() && now - lastFlushNanos > resend_interval * 1_000_000L) {
            lastFlushNanos = now;
            flushCommitTable();
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
    java.util.concurrent.CompletableFuture<Void> snapshotAsync(long trailingEntries) {
        trailing.set(trailingEntries);
        return snapshotAsync();
    }

    /**
     * As RAFT's own, but the log is truncated {@code trailing} entries before the snapshot's index. The state machine
     * skips entries its file already holds, so replaying them again after a restart or an install changes nothing.
     */
    @Override
    protected void takeSnapshot() throws Exception {
        long keep = trailing.getAndSet(0);
        if (keep <= 0) {
            super.takeSnapshot();
            return;
        }
        org.jgroups.util.ByteArrayDataOutputStream out = new org.jgroups.util.ByteArrayDataOutputStream(128, true);
        internal_state.writeTo(out);
        state_machine.writeContentTo(out);
        log_impl.setSnapshot(ByteBuffer.wrap(out.buffer(), 0, out.position()));
        long upTo = commitIndex() - keep;
        if (upTo > log_impl.firstAppended()) {
            log_impl.truncate(upTo);
        }
        num_snapshots++;
        curr_log_size = 0;
    }

    /** Mends the log a snapshot install left unreadable (see {@link LogRepair}) before RAFT opens it. */
    @Override
    public void start() throws Exception {
        if (log_impl == null && log_dir != null) {
            LogRepair.repair(java.nio.file.Path.of(createLogName(log_prefix != null ? log_prefix : raft_id, "log")));
        }
        super.start();
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
        state_machine_loaded = true;
    }
}
