package org.raftlite.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.raftlite.command.NodeMeta;
import org.raftlite.command.Command;
import org.raftlite.command.Response;
import org.raftlite.config.NodeConfig;
import org.raftlite.raft.NotLeaderException;
import org.raftlite.raft.RaftNode;

/**
 * How a node becomes and stops being part of its cluster, as rqlited's {@code cluster} package and main do it: joins
 * the Raft group, bootstraps with {@code -bootstrap-expect}, registers itself (a voter in the Raft configuration and
 * its addresses in the log), keeps its peers' addresses on disk for a restart without {@code -join}, and removes
 * nodes. It runs on the store's background thread, and on the caller's for removals.
 */
public final class Membership {

    private static final Logger LOG = Logger.getLogger(Membership.class);
    private static final long CONNECT_RETRY_MILLIS = 2000;
    private static final int REGISTER_REPORT_EVERY = 10;

    /** Proposes a control entry about a node through the log and answers once it is applied here. */
    public interface Proposer {
        Response propose(Command.Kind kind, NodeMeta node) throws NotLeaderException;
    }

    private final NodeConfig config;
    private final RaftNode raft;
    private final Nodes nodes;
    private final ClusterFiles files;
    private final Formation.Plan plan;
    private final BooleanSupplier open;
    private final Proposer proposer;
    /** The voters the node started with, or bootstrapped with; kept beside its peers' addresses. */
    private volatile List<String> initialMembers;
    /** Since when this node, which has known a leader, has known none; 0 while it knows one. Timer thread only. */
    private long leaderlessSince;
    private boolean knewALeader;
    /** The log's failed appends when {@link #stepDownIfLogFails} last looked. */
    private long failedAppendsSeen;

    public Membership(NodeConfig config, RaftNode raft, Nodes nodes, ClusterFiles files, Formation.Plan plan,
               BooleanSupplier open, Proposer proposer) {
        this.config = config;
        this.raft = raft;
        this.nodes = nodes;
        this.files = files;
        this.plan = plan;
        this.open = open;
        this.proposer = proposer;
        this.initialMembers = plan.members();
    }

    public void savePeers(java.util.Collection<NodeMeta> all) {
        List<String> peers = new java.util.ArrayList<>(all.stream().map(NodeMeta::raftAddr).toList());
        if (!peers.contains(config.advertisedRaftAddr())) {
            peers.add(config.advertisedRaftAddr());
        }
        files.write(new ClusterFiles.State(initialMembers, peers));
    }

    public void connectAndRegister() {
        if (!connect()) {
            return;
        }
        LOG.debugf("node %s joined the JGroups group", config.id());
        if (plan.expect() > 0 && !bootstrapWithExpected()) {
            return;
        }
        NodeMeta self = new NodeMeta(config.id(), config.advertisedRaftAddr(), config.advertisedHttpAddr(),
                !config.raftNonVoter());
        boolean joining = plan.expect() == 0 && plan.members().isEmpty() && nodes.get(config.id()) == null;
        int attempts = joining ? Math.max(1, config.joinAttempts()) : Integer.MAX_VALUE;
        for (int attempt = 1; open.getAsBoolean() && attempt <= attempts; attempt++) {
            String waiting;
            try {
                if (register(self)) {
                    LOG.infof("node %s is registered in the cluster as %s", config.id(), self.voter() ? "a voter"
                            : "a read replica");
                    return;
                }
                waiting = raft.leaderId() == null ? "no leader known" : "its registration is not applied yet";
            } catch (Exception e) {
                waiting = String.valueOf(e.getMessage());
            }
            // a node that cannot join says why now and then, not only at the end of its attempts
            if (attempt % REGISTER_REPORT_EVERY == 0) {
                LOG.infof("node %s is still joining after %d attempts: %s (reachable: %s)", config.id(), attempt,
                        waiting, raft.reachable());
            } else {
                LOG.debugf("registering node %s: %s", config.id(), waiting);
            }
            sleep(config.joinInterval().toMillis());
        }
        if (open.getAsBoolean()) {
            LOG.errorf("node %s could not join the cluster at %s after %d attempts", config.id(),
                    config.join().orElse(List.of()), attempts);
            io.quarkus.runtime.Quarkus.asyncExit(1);
        }
    }

    /**
     * Joins the JGroups group, retrying: a node killed and restarted at once can find its former self still in the
     * view, and is refused as a duplicate until the failure detector has removed it.
     */
    private boolean connect() {
        while (open.getAsBoolean()) {
            try {
                raft.connect(config.clusterName());
                return true;
            } catch (Exception e) {
                LOG.warnf("node %s could not join the Raft group yet (%s); retrying", config.id(), e.getMessage());
                sleep(CONNECT_RETRY_MILLIS);
            }
        }
        return false;
    }

    /**
     * {@code -bootstrap-expect N}: waits until N nodes have met in the JGroups group, then all of them take the same
     * sorted list of their ids as the voters and save it, so that a restart never bootstraps again.
     */
    private boolean bootstrapWithExpected() {
        long deadline = System.nanoTime() + config.bootstrapExpectTimeout().toNanos();
        while (open.getAsBoolean() && System.nanoTime() < deadline) {
            if (raft.leaderId() != null) {
                LOG.infof("node %s found a cluster with a leader already: joining it", config.id());
                files.write(new ClusterFiles.State(List.of(), plan.hosts()));
                return true;
            }
            List<String> met = raft.reachable().stream().sorted().toList();
            if (met.size() >= plan.expect()) {
                List<String> voters = met.subList(0, plan.expect());
                initialMembers = voters;
                files.write(new ClusterFiles.State(voters, plan.hosts()));
                raft.bootstrap(voters);
                LOG.infof("node %s bootstrapped a cluster with voters %s", config.id(), voters);
                return true;
            }
            sleep(100);
        }
        if (open.getAsBoolean()) {
            LOG.errorf("node %s: fewer than %d nodes met within %s", config.id(), plan.expect(),
                    config.bootstrapExpectTimeout());
            io.quarkus.runtime.Quarkus.asyncExit(1);
        }
        return false;
    }

    /** Makes sure the log describes this node: a voter in the Raft configuration if it is one, and its addresses. */
    private boolean register(NodeMeta self) throws Exception {
        if (!awaitLeader(config.joinInterval().toMillis())) {
            return false;
        }
        // every voter's addition goes into the log, also for voters the configuration started with: a node that
        // joins later replays the log from an empty configuration and must arrive at the same voters
        if (self.voter() && (nodes.get(self.id()) == null || !raft.members().contains(self.id()))) {
            raft.addVoter(self.id()).get(config.raftApplyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!self.equals(nodes.get(self.id()))) {
            Response r = proposer.propose(Command.Kind.NODE_META, self);
            return r.error() == null && self.equals(nodes.get(self.id()));
        }
        return !self.voter() || raft.members().contains(self.id());
    }

    private boolean awaitLeader(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (open.getAsBoolean() && raft.leaderId() == null && System.nanoTime() < deadline) {
            sleep(20);
        }
        return raft.leaderId() != null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Called every few seconds: when appends to this node's Raft log failed since the last call (a full disk), says
     * so, and a leader steps down so that a node that can still write its log takes over; entries it could not
     * append would otherwise wait until their apply timeout while the followers could commit them.
     */
    public void stepDownIfLogFails() {
        long failed = raft.failedLogAppends();
        if (failed <= failedAppendsSeen) {
            failedAppendsSeen = failed;
            return;
        }
        LOG.warnf("node %s could not write %d appends to its Raft log (is the disk full?)", config.id(),
                failed - failedAppendsSeen);
        failedAppendsSeen = failed;
        if (raft.isLeader() && raft.members().size() > 1) {
            LOG.warnf("node %s steps down: a leader that cannot write its log cannot lead", config.id());
            try {
                raft.rejoin();
            } catch (Exception e) {
                LOG.warnf("node %s could not step down: %s", config.id(), e.getMessage());
            }
        }
    }

    /**
     * Called every few seconds: a voter that has known a leader and then none for {@code afterNanos} leaves the group
     * and joins it again. jgroups-raft elects only when a view change tells the coordinator the leader is gone: a
     * leader cut off from its followers steps down in a view of itself alone, but the followers, which never
     * noticed, still count it as their leader, also once MERGE3 has merged the two views again, so nobody elects.
     * When this node leaves, its peers see their leader go and elect; it comes back as a follower.
     */
    public void rejoinIfStranded(long afterNanos) {
        long now = System.nanoTime();
        if (raft.leaderId() != null) {
            knewALeader = true;
            leaderlessSince = 0;
            return;
        }
        if (!knewALeader || !raft.isVoter()) {
            return;
        }
        if (leaderlessSince == 0) {
            leaderlessSince = now;
            return;
        }
        if (now - leaderlessSince < afterNanos) {
            return;
        }
        LOG.warnf("node %s has known no leader for %d s: leaving its group and joining it again", config.id(),
                TimeUnit.NANOSECONDS.toSeconds(now - leaderlessSince));
        leaderlessSince = now;
        try {
            raft.rejoin();
        } catch (Exception e) {
            LOG.warnf("node %s could not join its group again: %s", config.id(), e.getMessage());
        }
    }

    /** {@code DELETE /remove} for a client: only the leader removes a node. */
    public void removeForClient(String id) throws Exception {
        requireLeader();
        remove(id);
    }

    /**
     * {@code POST /leader}: this leader steps down (DESIGN.md decision 10); another node takes over. A target id is
     * checked but only best effort: jgroups-raft has no leadership transfer, so the others elect whom they elect.
     * With {@code waitMs > 0}, returns once another leader is known, false if none is within that time.
     */
    public boolean stepDown(String target, long waitMs) throws Exception {
        requireLeader();
        if (target != null && (target.equals(config.id()) || nodes.get(target) == null)) {
            throw new IllegalArgumentException(target.equals(config.id()) ? "node " + target + " is already leader"
                    : "node " + target + " is not a member of the cluster");
        }
        if (raft.members().size() < 2) {
            throw new IllegalStateException("no other voter to take over");
        }
        raft.rejoin();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (waitMs > 0 && System.nanoTime() < deadline) {
            String leader = raft.leaderId();
            if (leader != null && !leader.equals(config.id())) {
                return true;
            }
            sleep(20);
        }
        return waitMs <= 0;
    }

    private void requireLeader() throws NotLeaderException {
        if (!raft.isLeader()) {
            throw new NotLeaderException(raft.leaderId());
        }
    }

    /** {@code -raft-cluster-remove-shutdown}: the node has itself removed, the leader too, before it stops. */
    public void leave() {
        try {
            remove(config.id());
            LOG.infof("node %s left the cluster", config.id());
        } catch (Exception e) {
            LOG.warnf("node %s could not leave the cluster: %s", config.id(), e.getMessage());
        }
    }

    /**
     * Removes a node from the cluster: no longer a voter, no longer in the registry, through the leader from
     * wherever this is called.
     */
    void remove(String id) throws Exception {
        if (nodes.get(id) == null && !raft.members().contains(id)) {
            // rqlited removes whatever id it is given and answers 200, as its Raft library does for an unknown one
            LOG.infof("removing node %s: not a member of the cluster, nothing to do", id);
            return;
        }
        // the registry first: a leader that removes itself as a voter is no longer leader for the next entry
        Response r = proposer.propose(Command.Kind.NODE_REMOVED, new NodeMeta(id, "", "", false));
        if (r.error() != null) {
            throw new IllegalStateException(r.error());
        }
        if (raft.members().contains(id)) {
            raft.removeVoter(id).get(config.raftApplyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
