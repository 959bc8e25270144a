package org.raftlite.telemetry;

/** The node's numbers that telemetry reports as gauges (DESIGN.md "Telemetry names"), read at every export. */
public record Gauges(long term, long commitIndex, long appliedIndex, boolean leader, long leaderChanges,
                     long logSizeBytes, long dbSizeBytes, int queueDepth) {
}
