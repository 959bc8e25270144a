package org.raftlite.command;

import java.util.List;

/**
 * The whole answer to a request: its per-statement results or a request-level error.
 *
 * @param time       seconds spent, or -1 when untimed
 * @param raftIndex  the log index of the entry that carried the request, 0 when none
 */
public record Response(List<StatementResult> results, String error, double time, long raftIndex) {

    public Response {
        results = List.copyOf(results);
    }

    public static Response of(List<StatementResult> results) {
        return new Response(results, null, -1, 0);
    }

    public static Response failed(String error) {
        return new Response(List.of(), error, -1, 0);
    }

    public Response withTime(double seconds) {
        return new Response(results, error, seconds, raftIndex);
    }

    public Response withRaftIndex(long index) {
        return new Response(results, error, time, index);
    }
}
