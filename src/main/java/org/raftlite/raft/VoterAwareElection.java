package org.raftlite.raft;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.election.BaseElection;

/**
 * jgroups-raft's election, run by the JGroups coordinator, except on a node that knows no voters yet: a node joining
 * an existing cluster starts with none and learns them from the log. Should such a node become the coordinator
 * before then (it split off while joining and MERGE3 made it the merged group's coordinator) jgroups-raft would have
 * it hold elections it can never finish, counting no votes, each round in a higher term that makes the real leader
 * step down: the cluster would have no leader until the coordinator changed again. Left alone, the leader keeps
 * leading and its next AppendEntries tells the joining node who it is and who the voters are.
 */
public class VoterAwareElection extends ELECTION {

    /** JGroups finds a protocol's headers by its class's id, so the subclass needs one of its own. */
    private static final short PROTOCOL_ID = 1602;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, VoterAwareElection.class);
    }

    @Override
    public synchronized BaseElection startVotingThread() {
        if (raft.members().isEmpty()) {
            log.debug("%s: knows no voters, so holds no election", local_addr);
            return this;
        }
        return super.startVotingThread();
    }
}
