package org.raftlite.store;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.raftlite.telemetry.Telemetry;

/**
 * When the node snapshots: every {@code -raft-snap-int} once {@code -raft-snap} entries were applied since the
 * last (rqlite's thresholds), and when a user asks ({@code POST /snapshot}); and which snapshot file it can hand
 * to a follower. jgroups-raft takes the snapshot, on RAFT's thread, through the state machine.
 */
final class Snapshots {

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    private final Parts parts;
    private final Telemetry telemetry;
    private final AtomicBoolean snapshotting = new AtomicBoolean();

    Snapshots(Parts parts, Telemetry telemetry) {
        this.parts = parts;
        this.telemetry = telemetry;
    }

    /** Called every {@code -raft-snap-int}. */
    void snapshotIfDue() {
        if (!parts.machine.snapshotDue() || !snapshotting.compareAndSet(false, true)) {
            return;
        }
        parts.raft.truncateLog(0).whenComplete((done, failure) -> {
            snapshotting.set(false);
            if (failure != null) {
                telemetry.count("store", "num_snapshots_failed");
                LOG.warnf("snapshot failed: %s", failure.getMessage());
            }
        });
    }

    /**
     * Snapshots now and truncates the log, leaving {@code trailingLogs} entries before the snapshot so that a
     * follower that far behind catches up from the log. False when nothing was applied since the last snapshot.
     */
    boolean now(long timeoutMs, long trailingLogs) throws Exception {
        if (parts.machine.appliedIndex() <= parts.machine.snapshotIndex()) {
            return false;
        }
        try {
            parts.raft.truncateLog(trailingLogs).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            telemetry.count("store", "num_user_snapshots_failed");
            throw e;
        }
        telemetry.count("store", "num_user_snapshots");
        return true;
    }

    /** The newest snapshot copy this node holds, if it is at {@code minIndex} or later. */
    Optional<SnapshotFile> file(long minIndex) {
        return parts.db.snapshots().latest().filter(c -> c.index() >= minIndex)
                .map(c -> new SnapshotFile(c.index(), c.term(), c.size(), c.crc32c(), c.path()));
    }
}
