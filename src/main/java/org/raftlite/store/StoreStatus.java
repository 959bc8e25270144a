package org.raftlite.store;

import java.util.List;
import java.util.Map;

/**
 * The store's numbers as /status reports them (API.md §8.1).
 *
 * @param nanosSinceLeaderContact how long ago a leader last reached this node, -1 when none has
 */
public record StoreStatus(boolean open, String nodeId, String raftAddr, String state, boolean voter, long term,
                          long lastLogIndex, long lastLogTerm, long commitIndex, long appliedIndex, long appliedTerm,
                          long lastSnapshotIndex, String leaderId, String leaderAddr, boolean ready,
                          List<String> members, long logSizeBytes, String dbPath, long dbSize, long walSize,
                          Map<String, Map<String, String>> pragmas, long lastApplyMillis, String dir,
                          long nanosSinceLeaderContact) {
}
