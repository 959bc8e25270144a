package org.raftlite.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.command.Batch;
import org.raftlite.command.Level;
import org.raftlite.command.Param;
import org.raftlite.command.ReadOptions;
import org.raftlite.command.Request;
import org.raftlite.command.Response;
import org.raftlite.command.Statement;
import org.raftlite.command.StatementResult;
import org.raftlite.command.Rewrite;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/**
 * The store on its own, through its one entry point and without HTTP: reads by level and where they run, writes
 * proposed together and redone when SQLite undoes their shared transaction, and the queue with its batches applied
 * once. The node is the in-process test node, a cluster of one, so it is the leader.
 */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class StoreTest {

    @Inject
    Store store;

    @BeforeEach
    void ready() {
        Api.awaitReady();
        // the test node is shared with other test classes: a table of this class's own
        answer(write("CREATE TABLE IF NOT EXISTS storetest (id INTEGER PRIMARY KEY, v TEXT)"));
    }

    private static Request write(String sql, Object... params) {
        return request(Request.Endpoint.EXECUTE, Level.WEAK, null, null, statement(sql, params));
    }

    private static Request read(Level level, String sql, Object... params) {
        return request(Request.Endpoint.QUERY, level, null, null, statement(sql, params));
    }

    private static Statement statement(String sql, Object... params) {
        return new Statement(sql, java.util.Arrays.stream(params)
                .map(p -> Param.positional(p instanceof Integer i ? Long.valueOf(i) : p)).toList(), false);
    }

    private static Request request(Request.Endpoint endpoint, Level level, Request.Queueing queue, Batch batch,
                                   Statement... statements) {
        return new Request(endpoint, List.of(statements), false, false, 0, new ReadOptions(level, 0, false, 10_000),
                Rewrite.ALL, queue, batch, null, null);
    }

    private Outcome outcome(Request request) {
        return store.handle(request).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private Response answer(Request request) {
        return assertInstanceOf(Outcome.Answered.class, outcome(request)).response();
    }

    private long count(String where) {
        return (Long) rows(answer(read(Level.WEAK, "SELECT count(*) FROM storetest WHERE " + where)))
                .get(0).get(0);
    }

    /** The rows of the first result, which must not be an error. */
    private static List<List<Object>> rows(Response response) {
        assertNull(response.error());
        StatementResult first = response.results().get(0);
        assertNull(first.error());
        return ((StatementResult.Rows) first).values();
    }

    /**
     * A text not seen yet runs on a worker, which times it; once a run was quick, the next is answered on the
     * caller's thread. A run can be slow on this noisy machine (a cold statement, a pause), so it may take a few.
     */
    @Test
    void aQuickReadIsAnsweredOnTheCallersThreadOnceItsTextIsKnownToBeQuick() {
        String sql = "SELECT v FROM storetest WHERE id = ? -- quick " + System.nanoTime();
        Store.ReadCounts before = store.readCounts();
        var first = store.handle(read(Level.WEAK, sql, 1)).toCompletableFuture();
        first.join();
        assertEquals(before.onWorker() + 1, store.readCounts().onWorker(), "a text not seen yet runs on a worker");
        for (int run = 0; run < 50; run++) {
            before = store.readCounts();
            var next = store.handle(read(Level.WEAK, sql, 1)).toCompletableFuture();
            if (next.isDone()) {
                assertEquals(before.atOnce() + 1, store.readCounts().atOnce());
                assertEquals(before.onWorker(), store.readCounts().onWorker());
                return;
            }
            next.join();
        }
        throw new AssertionError("never answered at once: " + store.readCounts());
    }

    @Test
    void aSlowReadGoesToAWorkerAndIsNeverRunTwice() {
        String sql = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000)"
                + " SELECT count(*) FROM c -- " + System.nanoTime();
        for (int i = 0; i < 2; i++) {
            Store.ReadCounts before = store.readCounts();
            Response r = answer(read(Level.WEAK, sql));
            assertEquals(List.of(List.of(300000L)), rows(r));
            assertEquals(before.onWorker() + 1, store.readCounts().onWorker(), "run " + i);
            assertEquals(before.atOnce(), store.readCounts().atOnce(), "run " + i);
        }
    }

    @Test
    void eachLevelReadsWhatWasWritten() {
        answer(write("INSERT OR REPLACE INTO storetest VALUES(1, 'one')"));
        for (Level level : Level.values()) {
            Response r = answer(read(level, "SELECT v FROM storetest WHERE id = 1"));
            assertNull(r.error(), level.name());
            assertEquals(List.of(List.of("one")), rows(r), level.name());
            assertEquals(level == Level.STRONG, r.raftIndex() > 0, level + " went through the log");
        }
    }

    @Test
    void aDisallowedPragmaIsRefusedBeforeAnythingRuns() {
        assertEquals("disallowed pragma", answer(write("PRAGMA journal_mode=DELETE")).error());
        assertEquals("disallowed pragma", answer(read(Level.NONE, "PRAGMA wal_checkpoint")).error());
    }

    /**
     * Writes proposed together share one SQLite transaction; one that makes SQLite undo it (OR ROLLBACK) makes the
     * state machine run them again one by one, so each gets its own outcome and none of the others is lost.
     */
    @Test
    void writesProposedTogetherSurviveOneThatUndoesTheirSharedTransaction() {
        answer(write("INSERT OR REPLACE INTO storetest VALUES(100, 'taken')"));
        List<CompletableFuture<Outcome>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            writes.add(store.handle(i == 20 ? write("INSERT OR ROLLBACK INTO storetest VALUES(100, 'again')")
                    : write("INSERT OR REPLACE INTO storetest VALUES(?, 'group')", 1000 + i)).toCompletableFuture());
        }
        for (int i = 0; i < writes.size(); i++) {
            var result = ((Outcome.Answered) writes.get(i).join()).response().results().get(0);
            if (i == 20) {
                assertEquals("UNIQUE constraint failed: storetest.id", result.error());
            } else {
                assertNull(result.error(), "write " + i);
            }
        }
        assertEquals(39, count("v = 'group'"));
        assertEquals(1, count("id = 100 AND v = 'taken'"));
    }

    @Test
    void aQueuedWriteIsNumberedAtOnceAndAppliedWithItsBatch() {
        var queued = store.handle(request(Request.Endpoint.EXECUTE, Level.WEAK,
                new Request.Queueing(false, 0, false), null,
                statement("INSERT OR REPLACE INTO storetest VALUES(7, 'q')")))
                .toCompletableFuture();
        assertTrue(queued.isDone(), "a queue with room answers at once");
        long sequence = assertInstanceOf(Outcome.Queued.class, queued.join()).sequence();
        var waited = assertInstanceOf(Outcome.Queued.class, outcome(request(Request.Endpoint.EXECUTE, Level.WEAK,
                new Request.Queueing(true, 10_000, false), null)));
        assertTrue(waited.sequence() > sequence);
        assertTrue(store.queueSequenceNumber() >= waited.sequence());
        assertEquals(1, count("id = 7 AND v = 'q'"));
    }

    @Test
    void aBatchSentAgainIsAppliedOnce() {
        Batch batch = new Batch("other-node", System.nanoTime());
        Statement add = statement("INSERT INTO storetest (v) VALUES ('batched')");
        long before = count("v = 'batched'");
        answer(request(Request.Endpoint.EXECUTE, Level.WEAK, null, batch, add));
        Response again = answer(request(Request.Endpoint.EXECUTE, Level.WEAK, null, batch, add));
        answer(request(Request.Endpoint.EXECUTE, Level.WEAK, null, new Batch("other-node", batch.number() - 1), add));
        assertEquals(List.of(), again.results(), "nothing ran");
        assertEquals(before + 1, count("v = 'batched'"));
        answer(request(Request.Endpoint.EXECUTE, Level.WEAK, null, new Batch("other-node", batch.number() + 1), add));
        assertEquals(before + 2, count("v = 'batched'"));
    }

    @Test
    void theUnifiedEndpointReadsLocallyAndWritesThroughTheLog() {
        Response mixed = answer(request(Request.Endpoint.REQUEST, Level.WEAK, null, null,
                statement("INSERT OR REPLACE INTO storetest VALUES(9, 'r')"),
                statement("SELECT v FROM storetest WHERE id = 9")));
        assertTrue(mixed.raftIndex() > 0);
        assertEquals(List.of(List.of("r")), ((StatementResult.Rows) mixed.results().get(1)).values(),
                String.valueOf(mixed));
        Response reads = answer(request(Request.Endpoint.REQUEST, Level.WEAK, null, null,
                statement("SELECT v FROM storetest WHERE id = 9")));
        assertFalse(reads.raftIndex() > 0, "reads only: not through the log");
    }
}
