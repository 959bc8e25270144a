package org.raftlite.raft;

import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;

/**
 * jgroups-raft's RAFT, telling the state machine which log index and term it is applying: jgroups-raft 1.1.4 hands
 * the state machine only the bytes of an entry, and {@code lastApplied()} is really the last appended index.
 * Both apply paths (live commits and the replay at start) go through here, on RAFT's single runner thread.
 */
public class IndexedRaft extends RAFT {

    private volatile long applyingIndex;
    private volatile long applyingTerm;

    long applyingIndex() {
        return applyingIndex;
    }

    long applyingTerm() {
        return applyingTerm;
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
        if (log_impl.getSnapshot() != null) {
            throw new IllegalStateException("a jgroups-raft snapshot is present, but raftlite never takes one");
        }
        long from = Math.max(1, log_impl.firstAppended());
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
