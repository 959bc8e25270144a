package org.raftlite.raft;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;

/**
 * jgroups-raft's RAFT, telling the state machine which log index and term it is applying: jgroups-raft 1.1.4 hands
 * the state machine only the bytes of an entry, and {@code lastApplied()} is really the last appended index.
 * Both apply paths (live commits and the replay at start) go through here, on RAFT's single runner thread.
 * It also keeps a lagging follower catching up under steady writes: RAFT re-sends missing entries only when its
 * queue has been idle for {@code resend_interval}, which never happens while writes keep coming.
 */
public class IndexedRaft extends RAFT {

    /** JGroups finds a protocol's headers by its class's id, so the subclass needs one of its own. */
    private static final short PROTOCOL_ID = 1601;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, IndexedRaft.class);
    }

    private long lastFlushNanos = System.nanoTime();

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
