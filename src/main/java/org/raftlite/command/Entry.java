package org.raftlite.command;

/**
 * One Raft log entry: a whole request plus who proposed it, so that the proposer's node can hand the result it
 * computes at apply back to the waiting HTTP request.
 *
 * @param origin       node id of the proposer
 * @param sequence     the proposer's number for this proposal, unique per origin and process start
 * @param traceparent  W3C trace context of the proposing request, empty when none
 * @param node         the node an entry of kind NODE_META or NODE_REMOVED is about, null otherwise
 */
public record Entry(String origin, long sequence, String traceparent, Command command, NodeMeta node) {

    public Entry(String origin, long sequence, String traceparent, Command command) {
        this(origin, sequence, traceparent, command, null);
    }
}
