package org.raftlite.telemetry;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.function.Supplier;

/** The node's state as gauges, read once per metric export (DESIGN.md "Telemetry names"). */
final class NodeGauges {

    private NodeGauges() {
    }

    /** Reads {@code source} at every export; it answers null while the node has nothing to report. */
    static void register(Meter meter, Supplier<Gauges> source) {
        ObservableLongMeasurement term = gauge(meter, "raftlite.raft.term", "", "The current Raft term");
        ObservableLongMeasurement commit = gauge(meter, "raftlite.raft.commit.index", "",
                "The highest log index known to be committed");
        ObservableLongMeasurement applied = gauge(meter, "raftlite.raft.applied.index", "",
                "The highest log index applied to this node's SQLite file");
        ObservableLongMeasurement leader = gauge(meter, "raftlite.raft.is_leader", "",
                "1 while this node is the leader, else 0");
        ObservableLongMeasurement changes = meter.counterBuilder("raftlite.raft.leader.changes")
                .setDescription("New leaders seen in the log since this node started").buildObserver();
        ObservableLongMeasurement log = gauge(meter, "raftlite.raft.log.size", "By", "Size of the Raft log");
        ObservableLongMeasurement db = gauge(meter, "raftlite.db.size", "By",
                "Size of the SQLite file and its WAL");
        ObservableLongMeasurement queue = gauge(meter, "raftlite.queue.depth", "",
                "Queued write requests waiting for a batch");
        meter.batchCallback(() -> {
            Gauges g = source.get();
            if (g == null) {
                return;
            }
            term.record(g.term());
            commit.record(g.commitIndex());
            applied.record(g.appliedIndex());
            leader.record(g.leader() ? 1 : 0);
            changes.record(g.leaderChanges());
            log.record(g.logSizeBytes());
            db.record(g.dbSizeBytes());
            queue.record(g.queueDepth());
        }, term, commit, applied, leader, changes, log, db, queue);
    }

    private static ObservableLongMeasurement gauge(Meter meter, String name, String unit, String description) {
        return meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description).buildObserver();
    }
}
