package org.raftlite.raft;

import java.io.DataInput;
import java.io.DataOutput;

/** A state machine for tests of the Raft layer itself, where what the entries mean plays no part. */
final class IgnoringApplier implements RaftNode.Applier {
    @Override
    public void apply(long index, long term, boolean moreFollow, byte[] data, int offset, int length) {
    }

    @Override
    public void applyBarrier(long index, long term) {
    }

    @Override
    public void commitsApplied() {
    }

    @Override
    public void writeSnapshot(DataOutput out) {
    }

    @Override
    public void readSnapshot(DataInput in) {
    }
}
