package org.raftlite.http;

import io.vertx.core.MultiMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.raftlite.command.GoDuration;
import java.util.concurrent.TimeUnit;
import org.raftlite.command.Level;
import org.raftlite.command.ReadOptions;
import org.raftlite.command.Rewrite;

/**
 * rqlite's query parameters (API.md §2.2): flags count by presence alone ({@code ?transaction=false} still means a
 * transaction), durations are Go durations. Validation failures are 400s with rqlite's messages.
 */
final class QueryParams {

    private static final List<String> DURATIONS = List.of("timeout", "freshness", "db_timeout",
            "linearizable_timeout");
    private static final List<String> INTEGERS = List.of("retries", "trailing_logs", "min_index");
    private static final long DEFAULT_LINEARIZABLE_TIMEOUT_MS = 10_000;

    private final Predicate<String> present;
    private final UnaryOperator<String> first;

    private QueryParams(Predicate<String> present, UnaryOperator<String> first) {
        this.present = present;
        this.first = first;
    }

    static QueryParams validated(MultivaluedMap<String, String> params) {
        return validated(new QueryParams(params::containsKey, params::getFirst));
    }

    /** The parameters as Vert.x decoded them, for requests answered without Quarkus REST. */
    static QueryParams validated(MultiMap params) {
        return validated(new QueryParams(params::contains, params::get));
    }

    private static QueryParams validated(QueryParams q) {
        for (String key : DURATIONS) {
            if (q.has(key) && GoDuration.parseNanos(q.get(key)) == null) {
                throw new BadRequestException(key + " is not a valid duration");
            }
        }
        for (String key : INTEGERS) {
            if (q.has(key)) {
                try {
                    Long.parseLong(q.get(key));
                } catch (NumberFormatException e) {
                    throw new BadRequestException(key + " is not a valid integer");
                }
            }
        }
        if (q.has("freshness_strict") && !q.has("freshness")) {
            throw new BadRequestException("freshness_strict requires freshness");
        }
        return q;
    }

    boolean has(String key) {
        return present.test(key);
    }

    String get(String key) {
        String v = first.apply(key);
        return v == null ? "" : v;
    }

    long millis(String key, long otherwise) {
        return has(key) ? TimeUnit.NANOSECONDS.toMillis(GoDuration.parseNanos(get(key))) : otherwise;
    }

    long integer(String key, long otherwise) {
        return has(key) ? Long.parseLong(get(key)) : otherwise;
    }

    ResultsJson.Style style() {
        return new ResultsJson.Style(has("pretty"), has("associative"), has("blob_array"), has("timings"),
                has("raft_index"));
    }

    ReadOptions read() {
        return new ReadOptions(Level.parse(first.apply("level")), millis("freshness", 0),
                has("freshness_strict"), millis("linearizable_timeout", DEFAULT_LINEARIZABLE_TIMEOUT_MS));
    }

    Rewrite rewrite() {
        return new Rewrite(!has("noparse"), !has("norwrandom"), !has("norwtime"));
    }
}
