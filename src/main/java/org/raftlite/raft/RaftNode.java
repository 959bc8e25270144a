package org.raftlite.raft;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;
import org.jgroups.raft.util.Utils;

/**
 * This node's member of the Raft group: a JChannel over our own stack with jgroups-raft's file log, fsync'd on
 * every append. Committed entries reach the {@link Applier} on RAFT's single runner thread, in log order.
 */
public final class RaftNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RaftNode.class);

    static {
        // JGroups' SLF4J adapter formats every trace message before asking whether trace is on, which jgroups-raft
        // does for each message on its hot path; its JDK adapter asks first (and Quarkus routes JDK logging)
        org.jgroups.logging.LogFactory.useJdkLogger(true);
    }
    /** Log truncation is ours to trigger (DESIGN.md decision 4); jgroups-raft must never snapshot by itself. */
    private static final long NEVER_SNAPSHOT = Long.MAX_VALUE / 2;

    /**
     * Receives each committed entry with its index and term, and writes and reads the snapshots that let
     * jgroups-raft truncate its log and bring a follower that is too far behind up to date.
     */
    public interface Applier {
        /**
         * Applies one committed entry. It may be finished (its result made visible) only at {@link #commitsApplied},
         * which follows every run of entries applied in one go.
         *
         * @param moreFollow whether more entries of the same run follow this one
         */
        void apply(long index, long term, boolean moreFollow, byte[] data, int offset, int length) throws Exception;

        /**
         * A read barrier committed at {@code index}: an entry with nothing to run, which only moves the applied
         * index once everything before it is finished.
         */
        void applyBarrier(long index, long term);

        /** Every entry handed to {@link #apply} so far is committed: finish them all now. */
        void commitsApplied();

        /** Writes the state as of the last applied entry; called on RAFT's thread, between applies. */
        void writeSnapshot(java.io.DataOutput out) throws Exception;

        /** Replaces the state with a snapshot's; called on RAFT's thread. */
        void readSnapshot(java.io.DataInput in) throws Exception;
    }

    /**
     * @param bindHost      the Raft address to listen on
     * @param initialHosts  Raft addresses (host:port) to look for peers at, this node's own included
     * @param dnsQuery      the DNS name whose records are the peers, or null
     * @param members       the voters this node starts with
     */
    public record Settings(String nodeId, String bindHost, int bindPort, List<String> initialHosts, DnsQuery dnsQuery,
                           Path logDir, List<String> members, Timing timing) {
    }

    /** A channel and the protocols of its stack that this class calls. */
    private record Stack(JChannel channel, IndexedRaft raft, RaftHandle handle, REDIRECT redirect) {
    }

    private final Settings settings;
    private final Applier applier;
    private final List<Consumer<Role>> roleListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Stack stack;

    private RaftNode(Settings settings, Applier applier) {
        this.settings = settings;
        this.applier = applier;
    }

    /** Builds the channel and RAFT; {@link #connect(String)} then joins the group. */
    public static RaftNode create(Settings settings, Applier applier) throws Exception {
        Files.createDirectories(settings.logDir());
        RaftNode node = new RaftNode(settings, applier);
        node.stack = node.build();
        return node;
    }

    private Stack build() throws Exception {
        String xml = StackConfig.xml(settings.bindHost(), settings.bindPort(), settings.initialHosts(),
                settings.dnsQuery(), IndexedRaft.class.getName(), settings.timing());
        JChannel channel = new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        channel.name(settings.nodeId());
        IndexedRaft raft = channel.getProtocolStack().findProtocol(IndexedRaft.class);
        raft.raftId(settings.nodeId());
        raft.members(settings.members());
        raft.logDir(settings.logDir().toString());
        raft.logPrefix("raftlite");
        raft.logUseFsync(true);
        raft.maxLogSize(NEVER_SNAPSHOT);
        // send_commits_immediately stays off: under concurrent writes its extra messages fill RAFT's processing
        // queue until proposals fail; followers learn the commit index with the next entries, or within
        // resend_interval when the leader is idle
        RaftHandle handle = new RaftHandle(channel, new Adapter(raft, applier));
        roleListeners.forEach(listener -> handle.addRoleListener(listener::accept));
        return new Stack(channel, raft, handle, channel.getProtocolStack().findProtocol(REDIRECT.class));
    }

    /**
     * Joins the group; blocks for up to the GMS join timeout, so call it off the startup thread. After a failure the
     * node has a new channel for the next attempt: a channel whose connect failed cannot connect again (its
     * transport is left without a server, and RAFT closed its log).
     */
    public void connect(String clusterName) throws Exception {
        try {
            stack.channel().connect(clusterName);
        } catch (Exception e) {
            stack.channel().close();
            stack = build();
            throw e;
        }
    }

    /**
     * Leaves the group and joins it again, as a follower under a new address, so that the others see this node's
     * old address gone. It is also how a leader gives up leadership, the only way jgroups-raft 1.1.4 allows: the
     * others elect a leader among themselves.
     */
    public void rejoin() throws Exception {
        JChannel channel = stack.channel();
        String cluster = channel.getClusterName();
        channel.disconnect();
        // RAFT closes its log when it stops and reopens one on start only if it has none
        stack.raft().log(null);
        connect(cluster);
    }

    /** How many appends to this node's log have written nothing (a full disk) since the log was opened. */
    public long failedLogAppends() {
        return stack.raft().failedAppends();
    }

    /** Appends an entry through the leader: on a follower, jgroups-raft's REDIRECT forwards it. */
    public CompletableFuture<byte[]> propose(byte[] entry) throws Exception {
        return stack.handle().setAsync(entry, 0, entry.length, null);
    }

    /**
     * Fixes the voters of a cluster that is bootstrapping, and lets the JGroups coordinator start the election that
     * jgroups-raft would otherwise start only on the next view change.
     */
    public void bootstrap(java.util.List<String> voters) {
        stack.raft().members(voters);
        org.jgroups.View view = stack.channel().getView();
        if (view != null && stack.channel().getAddress().equals(view.getCoord())) {
            election().startVotingThread();
        }
    }

    VoterAwareElection election() {
        return stack.channel().getProtocolStack().findProtocol(VoterAwareElection.class);
    }

    /** The entry of a read barrier; the entries the state machine encodes start with 1, so it is never one. */
    private static final byte[] READ_BARRIER = {0};

    /**
     * Completes once a quorum has confirmed this node still leads, after the call, and every entry committed before
     * the call has been applied here (Raft's ReadIndex, thesis §6.4), by appending a barrier entry on this node and
     * waiting for its commit. jgroups-raft 1.1.4's own read-only requests do not wait for a quorum: a batch that
     * holds only reads completes them at once and commits every pending entry with them (RAFT.process), so a
     * leader that has lost its followers, and not yet its view of them, answered from its own state.
     */
    public CompletableFuture<byte[]> readBarrier() throws Exception {
        return stack.raft().setAsync(READ_BARRIER, 0, READ_BARRIER.length);
    }

    /**
     * Asks RAFT to snapshot the state machine and truncate its log, on its own thread, keeping the last
     * {@code trailingEntries} entries before the snapshot.
     */
    public CompletableFuture<Void> truncateLog(long trailingEntries) {
        return stack.raft().snapshotAsync(trailingEntries);
    }

    /** Makes a node a voter, through the leader wherever this is called. */
    public CompletableFuture<byte[]> addVoter(String nodeId) throws Exception {
        return stack.redirect().addServer(nodeId);
    }

    public CompletableFuture<byte[]> removeVoter(String nodeId) throws Exception {
        return stack.redirect().removeServer(nodeId);
    }

    /** The node ids of the members of the current JGroups view: the nodes this one can reach. */
    public java.util.Set<String> reachable() {
        org.jgroups.View view = stack.channel().getView();
        java.util.Set<String> ids = new java.util.HashSet<>();
        if (view != null) {
            for (Address a : view.getMembersRaw()) {
                String id = Utils.extractRaftId(a);
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    public void onRoleChange(Consumer<Role> listener) {
        roleListeners.add(listener);
        stack.handle().addRoleListener(listener::accept);
    }

    public boolean isLeader() {
        return stack.raft().isLeader();
    }

    /** The leader's node id, or null when there is none. */
    public String leaderId() {
        Address leader = stack.raft().leader();
        return leader == null ? null : Utils.extractRaftId(leader);
    }

    public String state() {
        if (isLeader()) {
            return "Leader";
        }
        return stack.raft().leader() == null && isVoter() ? "Candidate" : "Follower";
    }

    public boolean isVoter() {
        return stack.raft().members().contains(settings.nodeId());
    }

    public List<String> members() {
        return stack.raft().members();
    }

    public long term() {
        return stack.raft().currentTerm();
    }

    public long commitIndex() {
        return stack.raft().commitIndex();
    }

    public long lastLogIndex() {
        return stack.raft().lastAppended();
    }

    /** 0 while the channel is not connected (RAFT's log is closed then, or not opened yet). */
    public long lastLogTerm() {
        IndexedRaft raft = stack.raft();
        return whileLogOpen(() -> {
            var entry = raft.log().get(raft.lastAppended());
            return entry == null ? 0 : entry.term();
        });
    }

    /** 0 while the channel is not connected (RAFT's log is closed then, or not opened yet). */
    public long logSizeBytes() {
        IndexedRaft raft = stack.raft();
        return whileLogOpen(raft::logSizeInBytes);
    }

    /** How long ago a leader last sent this node entries or a heartbeat; -1 when none ever has. */
    public long nanosSinceLeaderContact() {
        long at = stack.raft().lastLeaderContactNanos();
        return at == 0 ? -1 : System.nanoTime() - at;
    }

    /** A number read from RAFT's log, which a connect in progress or a failed one may leave closed or unset. */
    private long whileLogOpen(java.util.function.LongSupplier read) {
        if (stack.raft().log() == null) {
            return 0;
        }
        try {
            return read.getAsLong();
        } catch (IllegalStateException | NullPointerException closedMeanwhile) {
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            stack.channel().close();
        } catch (RuntimeException e) {
            LOG.warnf("closing the Raft channel: %s", e.getMessage());
        }
    }

    /** Hands entries to the applier with the index RAFT is applying; responses travel outside jgroups-raft. */
    private record Adapter(IndexedRaft raft, Applier applier) implements StateMachine, IndexedRaft.Batching {
        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
            long index = raft.applyingIndex();
            if (length == READ_BARRIER.length && data[offset] == READ_BARRIER[0]) {
                applier.applyBarrier(index, raft.applyingTerm());
                return null;
            }
            applier.apply(index, raft.applyingTerm(), index < raft.applyingTo(), data, offset, length);
            return null;
        }

        @Override
        public void commitsApplied() {
            applier.commitsApplied();
        }

        @Override
        public void readContentFrom(java.io.DataInput in) throws Exception {
            applier.readSnapshot(in);
        }

        @Override
        public void writeContentTo(java.io.DataOutput out) throws Exception {
            applier.writeSnapshot(out);
        }
    }
}
