package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftlite.testing.Api.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/**
 * A string of several statements runs as rqlited's driver runs it (every statement on execute, the last one on
 * query), and every execute result carries SQLite's last insert rowid and change count of the connection, as
 * rqlited reports them: what the last statement left, also when it changed no row. Each test first sets those
 * counters with an INSERT of its own, since the node's one writer connection keeps them across requests.
 */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class MultiStatementTest {

    private static final String ONE_ROW_AT_7 = "{\"last_insert_id\":7,\"rows_affected\":1}";

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    /** Leaves the writer's last insert rowid at 7 and its change count at 1. */
    private static void countersAt7(String table) {
        json("/db/execute", "[\"CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v)\"]");
        assertEquals("{\"results\":[" + ONE_ROW_AT_7 + "]}",
                json("/db/execute", "[\"INSERT INTO " + table + "(id, v) VALUES(7, 'seven')\"]"));
    }

    private static String rows(String sql) {
        return json("/db/query", "[\"" + sql + "\"]");
    }

    @Test
    void everyStatementOfAStringRuns() {
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}", json("/db/execute",
                "[\"CREATE TABLE a1(x); CREATE INDEX a1x ON a1(x); INSERT INTO a1 VALUES(1)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"x\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                rows("SELECT x FROM a1"));
        assertEquals("{\"results\":[{\"columns\":[\"name\"],\"types\":[\"text\"],\"values\":[[\"a1x\"]]}]}",
                rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'a1'"));
    }

    @Test
    void aTriggerBodyStaysOneStatement() {
        json("/db/execute", "[\"CREATE TABLE t1(x); CREATE TABLE t1log(x);"
                + " CREATE TRIGGER t1ins AFTER INSERT ON t1 BEGIN INSERT INTO t1log VALUES(new.x);"
                + " INSERT INTO t1log VALUES(new.x * 10); END; INSERT INTO t1 VALUES(4)\"]");
        assertEquals("{\"results\":[{\"columns\":[\"x\"],\"types\":[\"integer\"],\"values\":[[4],[40]]}]}",
                rows("SELECT x FROM t1log ORDER BY x"));
    }

    @Test
    void aFailingStatementKeepsThoseBeforeItAndTheRequestGoesOn() {
        countersAt7("f1");
        assertEquals("{\"results\":[{\"error\":\"no such table: nosuch\"},{\"last_insert_id\":4,\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO f1(id) VALUES(1); INSERT INTO nosuch VALUES(2);"
                        + " INSERT INTO f1(id) VALUES(3)\", \"INSERT INTO f1(id) VALUES(4)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[1],[4],[7]]}]}",
                rows("SELECT id FROM f1 ORDER BY id"));
    }

    @Test
    void aFailingStatementInATransactionUndoesTheWholeRequest() {
        countersAt7("f2");
        assertEquals("{\"results\":[{\"last_insert_id\":8,\"rows_affected\":1},{\"error\":\"no such table: nosuch\"}]}",
                json("/db/execute?transaction", "[\"INSERT INTO f2(id) VALUES(8)\", \"INSERT INTO f2(id) VALUES(1);"
                        + " INSERT INTO nosuch VALUES(2)\", \"INSERT INTO f2(id) VALUES(4)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[7]]}]}",
                rows("SELECT id FROM f2 ORDER BY id"));
    }

    @Test
    void eachStatementTakesAsManyParametersAsItHasSlots() {
        countersAt7("p1");
        assertEquals("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1}]}", json("/db/execute",
                "[[\"INSERT INTO p1 VALUES(?, ?); CREATE TABLE p1x(y); INSERT INTO p1 VALUES(?2, ?1)\","
                        + " 1, \"one\", \"three\", 3, \"unused\"]]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"v\"],\"types\":[\"integer\",\"text\"],"
                + "\"values\":[[1,\"one\"],[3,\"three\"],[7,\"seven\"]]}]}", rows("SELECT * FROM p1 ORDER BY id"));
        assertEquals("{\"results\":[{\"error\":\"not enough args to execute query: want 2 got 3\"}]}",
                json("/db/execute", "[[\"INSERT INTO p1 VALUES(?, ?); INSERT INTO p1 VALUES(?, ?)\", 11, 12, 13]]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[11]]}]}",
                rows("SELECT id FROM p1 WHERE id > 10"));
    }

    @Test
    void aQueryAnswersWithItsLastStatementOnly() {
        countersAt7("q1");
        assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"seven\"]]}]}",
                json("/db/query", "[\"SELECT id FROM q1; SELECT v FROM q1\"]"));
        assertEquals("{\"results\":[{\"error\":\"attempt to change database via query operation\"}]}",
                json("/db/query", "[\"SELECT id FROM q1; INSERT INTO q1(id) VALUES(9)\"]"));
        assertEquals("{\"results\":[{\"error\":\"no such table: nowhere\"}]}",
                json("/db/query", "[\"SELECT * FROM nowhere; SELECT 1\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[7]]}]}",
                rows("SELECT id FROM q1"));
    }

    @Test
    void aRequestWhoseFirstStatementWritesRunsThemAll() {
        countersAt7("r1");
        assertEquals("{\"results\":[{\"last_insert_id\":8,\"rows_affected\":1}]}",
                json("/db/request", "[\"INSERT INTO r1(id) VALUES(8); SELECT * FROM r1\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[7],[8]]}]}",
                rows("SELECT id FROM r1 ORDER BY id"));
    }

    @Test
    void statementsThatChangeNoRowReportWhatTheLastChangeLeft() {
        countersAt7("m1");
        // DDL keeps both counters; an UPDATE, DELETE or INSERT that changes no row sets the change count to 0
        assertEquals("{\"results\":[" + ONE_ROW_AT_7 + ",{\"last_insert_id\":7},{\"last_insert_id\":7},"
                        + "{\"last_insert_id\":7},{\"last_insert_id\":7}]}",
                json("/db/execute", "[\"CREATE TABLE m1b(x)\", \"UPDATE m1 SET v = 'x' WHERE id = 100\","
                        + " \"DELETE FROM m1 WHERE id = 100\", \"SELECT * FROM m1\","
                        + " \"INSERT OR IGNORE INTO m1(id) VALUES(7)\"]"));
        assertEquals("{\"results\":[{\"last_insert_id\":21,\"rows_affected\":2}]}", json("/db/execute",
                "[\"INSERT INTO m1(id) VALUES(20),(21); UPDATE m1 SET v = 1 WHERE id >= 20; CREATE TABLE m1c(y)\"]"));
        assertEquals("{\"results\":[{\"last_insert_id\":21,\"rows_affected\":1}]}", json("/db/execute",
                "[\"INSERT INTO m1(id, v) VALUES(7, 'again') ON CONFLICT(id) DO UPDATE SET v = excluded.v\"]"));
    }

    @Test
    void batchesAndTransactionsReportEveryStatement() {
        countersAt7("b1");
        assertEquals("{\"results\":[{\"last_insert_id\":8,\"rows_affected\":1,\"rows\":null},{\"last_insert_id\":8,"
                        + "\"rows_affected\":2,\"rows\":null},{\"last_insert_id\":8,\"rows_affected\":2,\"rows\":null}]}",
                json("/db/execute?transaction&associative", "[\"INSERT INTO b1(id) VALUES(8)\","
                        + " \"UPDATE b1 SET v = 0\", \"CREATE INDEX b1v ON b1(v)\"]"));
    }
}
