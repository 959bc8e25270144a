package org.raftlite.command;

/**
 * A queued batch's identity: the node whose queue made it and the sequence number of its last request, which
 * grows with every batch that node sends. The state machine applies a batch once, however often it was sent.
 */
public record Batch(String origin, long number) {

    /** As it travels in a header between nodes: {@code number/origin}. */
    @Override
    public String toString() {
        return number + "/" + origin;
    }

    /** The batch a header names, or null for a header that names none. */
    public static Batch parse(String header) {
        if (header == null) {
            return null;
        }
        int slash = header.indexOf('/');
        try {
            return slash <= 0 || slash == header.length() - 1 ? null
                    : new Batch(header.substring(slash + 1), Long.parseLong(header.substring(0, slash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
