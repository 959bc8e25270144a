package org.raftlite.raft;

/** This node cannot serve the request because it is not the leader; {@code leaderId} is null when none is known. */
public final class NotLeaderException extends Exception {

    private final String leaderId;

    public NotLeaderException(String leaderId) {
        super(leaderId == null ? "leader not found" : "not leader");
        this.leaderId = leaderId;
    }

    public String leaderId() {
        return leaderId;
    }
}
