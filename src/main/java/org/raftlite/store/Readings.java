package org.raftlite.store;

import java.nio.file.Path;
import java.util.Map;
import org.raftlite.command.NodeMeta;
import org.raftlite.config.NodeConfig;
import org.raftlite.telemetry.Gauges;

/** The node's numbers read off its parts: for {@code /status} and for the gauges telemetry exports. */
final class Readings {

    private Readings() {
    }

    /** Cheap enough to read at every metric export. */
    static Gauges gauges(Parts p) {
        return new Gauges(p.raft.term(), p.raft.commitIndex(), p.machine.appliedIndex(), p.raft.isLeader(),
                p.machine.leaderChanges(), p.raft.logSizeBytes(), p.db.size() + p.db.walSize(), p.queue.depth());
    }

    static StoreStatus status(NodeConfig config, Parts p, boolean open, boolean ready) {
        String leaderId = p.raft.leaderId();
        NodeMeta leader = p.nodes.get(leaderId);
        String leaderAddr = leader != null ? leader.raftAddr()
                : config.id().equals(leaderId) ? config.advertisedRaftAddr() : "";
        return new StoreStatus(open, config.id(), config.advertisedRaftAddr(), p.raft.state(), p.raft.isVoter(),
                p.raft.term(), p.raft.lastLogIndex(), p.raft.lastLogTerm(), p.raft.commitIndex(),
                p.machine.appliedIndex(), p.machine.appliedTerm(), p.machine.snapshotIndex(),
                leaderId == null ? "" : leaderId, leaderAddr, ready, p.raft.members(), p.raft.logSizeBytes(),
                p.db.path().toString(), p.db.size(), p.db.walSize(),
                Map.of("rw", p.db.pragmas(false), "ro", p.db.pragmas(true)), p.machine.lastApplyMillis(),
                Path.of(config.dataDir()).toAbsolutePath().toString(),
                p.raft.isLeader() ? 0 : p.raft.nanosSinceLeaderContact());
    }
}
