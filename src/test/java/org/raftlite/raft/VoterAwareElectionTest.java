package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftlite.testing.FreePorts;

/**
 * A node that has joined the group but knows no voters yet is asked to hold an election, as jgroups-raft asks a
 * JGroups coordinator to when the view changes: it holds none, and the leader keeps leading in its term.
 */
class VoterAwareElectionTest {

    private static final String CLUSTER = "election-test";

    @TempDir
    Path dir;

    @Test
    void aNodeThatKnowsNoVotersLeavesTheLeaderAlone() throws Exception {
        int voterPort = FreePorts.one();
        int joinerPort = FreePorts.one();
        List<String> hosts = List.of("127.0.0.1:" + voterPort, "127.0.0.1:" + joinerPort);
        try (RaftNode voter = node("a", voterPort, hosts, List.of("a"));
             RaftNode joiner = node("b", joinerPort, hosts, List.of())) {
            voter.connect(CLUSTER);
            voter.bootstrap(List.of("a"));
            await(voter::isLeader, "the voter to lead");
            // an entry in the leader's log makes it repeat AppendEntries to the joiner until answered, even if the
            // joiner misses the leader's announcement while its JOIN is slow
            voter.propose(new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
            joiner.connect(CLUSTER);
            await(() -> "a".equals(joiner.leaderId()), "the joiner to learn the leader");
            long term = voter.term();

            joiner.election().startVotingThread();

            assertFalse(joiner.election().isVotingThreadRunning(), "a node with no voters ran an election");
            voter.propose(new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
            assertTrue(voter.isLeader());
            assertEquals(term, voter.term());
        }
    }

    private RaftNode node(String id, int port, List<String> hosts, List<String> members) throws Exception {
        return RaftNode.create(new RaftNode.Settings(id, "127.0.0.1", port, hosts, null, dir.resolve(id), members,
                Timing.DEFAULTS),
                new IgnoringApplier());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
