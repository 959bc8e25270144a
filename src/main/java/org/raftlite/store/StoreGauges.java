package org.raftlite.store;

/** The store's numbers that telemetry reports as gauges (DESIGN.md "Telemetry names"). */
public record StoreGauges(long term, long commitIndex, long appliedIndex, boolean leader, long leaderChanges,
                          long logSizeBytes, long dbSizeBytes, int queueDepth) {
}
