package org.raftlite.raft;

import java.time.Duration;

/**
 * rqlite's Raft timing flags as this stack reads them. jgroups-raft elects a leader when the JGroups view loses the
 * old one, so the time to a new leader is the time to drop a silent member from the view: hashicorp/raft's
 * heartbeat timeout (how long a follower hears nothing from its leader before it stands for election) becomes how
 * long any member may be silent before it is suspected, and the election timeout bounds the two waits that follow,
 * the suspect's last chance to answer and a voting round. Heartbeats go out four times per timeout, so one late or
 * lost heartbeat never makes a suspicion, and a suspected member that is alive answers within the verification.
 *
 * @param heartbeatTimeoutMs {@code -raft-heartbeat-timeout}
 * @param electionTimeoutMs  {@code -raft-election-timeout}
 */
public record Timing(long heartbeatTimeoutMs, long electionTimeoutMs) {

    /** rqlited's defaults. */
    public static final Timing DEFAULTS = new Timing(1000, 1000);

    public Timing {
        if (heartbeatTimeoutMs < 20 || electionTimeoutMs < 20) {
            throw new IllegalArgumentException("Raft heartbeat and election timeouts must be at least 20ms");
        }
    }

    public static Timing of(Duration heartbeatTimeout, Duration electionTimeout) {
        return new Timing(heartbeatTimeout.toMillis(), electionTimeout.toMillis());
    }

    /** How often a member sends a heartbeat, and how often the leader repeats what was not acknowledged. */
    long heartbeatIntervalMs() {
        return heartbeatTimeoutMs / 4;
    }

    /** How long a suspect has to answer, and how long a voting round waits for votes. */
    long electionWaitMs() {
        return electionTimeoutMs / 2;
    }
}
