package org.raftlite.command;

/**
 * What every node knows of a member, replicated through the log (DESIGN.md decision 5).
 *
 * @param raftAddr  advertised Raft address, host:port
 * @param apiAddr   advertised HTTP address, host:port
 */
public record NodeMeta(String id, String raftAddr, String apiAddr, boolean voter) {
}
