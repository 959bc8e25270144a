package org.raftlite.command;


/**
 * How a read is to be served.
 *
 * @param freshnessMs             for level none: the longest acceptable time since leader contact, 0 for any
 * @param linearizableTimeoutMs   for level linearizable: how long to wait for the apply index
 */
public record ReadOptions(Level level, long freshnessMs, boolean freshnessStrict, long linearizableTimeoutMs) {
}
