package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftlite.testing.Api.json;
import static org.raftlite.testing.Api.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** Parameter typing, statement forms and transactions, as a client sees them (API.md §3.1, §3.5). */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class ParametersTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    @Test
    void integersFloatsNullsBoolsAndUnicodeKeepTheirTypes() {
        json("/db/execute", "[\"CREATE TABLE typed (v)\"]");
        json("/db/execute", "[[\"INSERT INTO typed VALUES(?)\", 20], [\"INSERT INTO typed VALUES(?)\", 20.0],"
                + " [\"INSERT INTO typed VALUES(?)\", 9007199254740993], [\"INSERT INTO typed VALUES(?)\", null],"
                + " [\"INSERT INTO typed VALUES(?)\", true], [\"INSERT INTO typed VALUES(?)\", \"Ωmega 日本 🎉\"],"
                + " [\"INSERT INTO typed VALUES(?)\", 2.5]]");
        assertEquals("{\"results\":[{\"columns\":[\"v\",\"typeof(v)\"],\"types\":[\"integer\",\"text\"],\"values\":["
                        + "[20,\"integer\"],[20,\"real\"],[9007199254740993,\"integer\"],[null,\"null\"],[1,\"integer\"],"
                        + "[\"Ωmega 日本 🎉\",\"text\"],[2.5,\"real\"]]}]}",
                json("/db/query", "[\"SELECT v, typeof(v) FROM typed ORDER BY rowid\"]"));
    }

    @Test
    void namedPositionalAndMixedStatementForms() {
        json("/db/execute", "[\"CREATE TABLE forms (name TEXT, age INTEGER)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},{\"last_insert_id\":2,"
                        + "\"rows_affected\":1},{\"last_insert_id\":3,\"rows_affected\":1},{\"last_insert_id\":4,"
                        + "\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO forms VALUES('a', 1)\","
                        + " [\"INSERT INTO forms VALUES(?, ?)\", \"b\", 2],"
                        + " [\"INSERT INTO forms VALUES(:name, @age)\", {\"name\": \"c\", \"age\": 3}],"
                        + " [\"INSERT INTO forms VALUES($n, $n)\", {\"n\": 4}]]"));
        assertEquals("{\"results\":[{\"columns\":[\"name\",\"age\"],\"types\":[\"text\",\"integer\"],"
                        + "\"values\":[[\"c\",3]]}]}",
                json("/db/query", "[[\"SELECT * FROM forms WHERE age = :age\", {\"age\": 3}]]"));
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                json("/db/query", "[[\"SELECT count(*) FROM forms WHERE name = ?\", \"a\"]]"));
    }

    @Test
    void plainTextBodyIsOneStatement() {
        assertEquals(200, post("/db/execute", "text/plain", "CREATE TABLE plain (x TEXT)").statusCode());
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}",
                post("/db/execute", "text/plain; charset=utf-8", "INSERT INTO plain VALUES('[not json]')").asString());
        assertEquals("{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"[not json]\"]]}]}",
                post("/db/query", "text/plain", "SELECT x FROM plain").asString());
    }

    @Test
    void aFailingStatementInATransactionRollsBackTheEarlierOnesAndStops() {
        json("/db/execute", "[\"CREATE TABLE tx (id INTEGER PRIMARY KEY)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"error\":\"UNIQUE constraint failed: tx.id\"}]}",
                json("/db/execute?transaction", "[\"INSERT INTO tx VALUES(1)\", \"INSERT INTO tx VALUES(1)\","
                        + " \"INSERT INTO tx VALUES(2)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[0]]}]}",
                json("/db/query", "[\"SELECT count(*) FROM tx\"]"));
        json("/db/execute?transaction=false", "[\"INSERT INTO tx VALUES(5)\", \"INSERT INTO tx VALUES(5)\"]");
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[0]]}]}",
                json("/db/query", "[\"SELECT count(*) FROM tx\"]"), "transaction=false still means a transaction");
    }

    @Test
    void withoutATransactionTheOtherStatementsStand() {
        json("/db/execute", "[\"CREATE TABLE notx (id INTEGER PRIMARY KEY)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"error\":\"UNIQUE constraint failed: notx.id\"},{\"last_insert_id\":2,\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO notx VALUES(1)\", \"INSERT INTO notx VALUES(1)\","
                        + " \"INSERT INTO notx VALUES(2)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[1],[2]]}]}",
                json("/db/query", "[\"SELECT id FROM notx\"]"));
    }

    /** Statements without a transaction are applied together for speed, but must answer as if run one by one. */
    @Test
    void anErrorThatEndsSqlitesTransactionStillLeavesTheOtherStatementsStanding() {
        json("/db/execute", "[\"CREATE TABLE rb (id INTEGER PRIMARY KEY)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"error\":\"UNIQUE constraint failed: rb.id\"},{\"last_insert_id\":2,\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO rb VALUES(1)\", \"INSERT OR ROLLBACK INTO rb VALUES(1)\","
                        + " \"INSERT INTO rb VALUES(2)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[1],[2]]}]}",
                json("/db/query", "[\"SELECT id FROM rb\"]"));
        json("/db/execute", "[\"BEGIN\", \"INSERT INTO rb VALUES(3)\", \"COMMIT\", \"INSERT INTO rb VALUES(4)\"]");
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[4]]}]}",
                json("/db/query", "[\"SELECT count(*) FROM rb\"]"));
    }

    /**
     * Writes committed together are applied in one SQLite transaction: each request must still get its own answer,
     * and one whose error ends SQLite's transaction (OR ROLLBACK) must not take the others' rows with it.
     */
    @Test
    void concurrentWritesEachGetTheirOwnAnswerWhateverTheOthersDo() throws Exception {
        json("/db/execute", "[\"CREATE TABLE conc (id INTEGER PRIMARY KEY, v TEXT)\", \"INSERT INTO conc VALUES(1, 'a')\"]");
        String unique = "{\"results\":[{\"error\":\"UNIQUE constraint failed: conc.id\"}]}";
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            java.util.List<String> expected = new java.util.ArrayList<>();
            int inserted = 1;
            for (int i = 2; i <= 161; i++) {
                int id = i;
                String path = "/db/execute";
                String body = "[\"INSERT INTO conc VALUES(" + id + ", 'x')\"]";
                String answer = "{\"results\":[{\"last_insert_id\":" + id + ",\"rows_affected\":1}]}";
                switch (id % 8) {
                    case 3 -> {
                        body = "[\"INSERT OR ROLLBACK INTO conc VALUES(1, 'dup')\"]";
                        answer = unique;
                    }
                    case 5 -> {
                        body = "[\"INSERT INTO conc VALUES(1, 'dup')\"]";
                        answer = unique;
                    }
                    case 6 -> path = "/db/execute?transaction";
                    default -> {
                    }
                }
                inserted += answer.equals(unique) ? 0 : 1;
                String p = path;
                String b = body;
                expected.add(answer);
                answers.add(clients.submit(() -> json(p, b)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(expected.get(i), answers.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals("{\"results\":[{\"columns\":[\"count(*)\",\"max(v)\"],\"types\":[\"integer\",\"text\"],"
                            + "\"values\":[[" + inserted + ",\"x\"]]}]}",
                    json("/db/query", "[\"SELECT count(*), max(v) FROM conc\"]"));
        } finally {
            clients.shutdownNow();
        }
    }

    /** Nodes keep write statements compiled; a table made anew under the same text must not confuse them. */
    @Test
    void theSameStatementAfterItsTableIsMadeAnewAnswersAsSqliteDoes() {
        json("/db/execute", "[\"CREATE TABLE remade (a)\", \"INSERT INTO remade VALUES(1)\"]");
        json("/db/execute", "[\"DROP TABLE remade\", \"CREATE TABLE remade (a, b)\"]");
        String wrongCount = "{\"error\":\"table remade has 2 columns but 1 values were supplied\"}";
        assertEquals("{\"results\":[" + wrongCount + "]}", json("/db/execute", "[\"INSERT INTO remade VALUES(1)\"]"));
        assertEquals("{\"results\":[" + wrongCount + ",{\"last_insert_id\":1,\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO remade VALUES(1)\", \"INSERT INTO remade VALUES(1, 2)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"a\",\"b\"],\"types\":[\"integer\",\"integer\"],\"values\":[[1,2]]}]}",
                json("/db/query", "[\"SELECT * FROM remade\"]"));
    }

    /** Read-only connections keep point reads compiled; the columns they answer with must follow schema changes. */
    @Test
    void aRepeatedReadAnswersWithTheColumnsOfTheSchemaAsItIsNow() {
        json("/db/execute", "[\"CREATE TABLE shifting (a INTEGER)\", \"INSERT INTO shifting VALUES(1)\"]");
        String select = "[\"SELECT * FROM shifting\"]";
        for (int i = 0; i < 40; i++) {
            assertEquals("{\"results\":[{\"columns\":[\"a\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                    json("/db/query?level=none", select));
        }
        json("/db/execute", "[\"ALTER TABLE shifting ADD COLUMN b TEXT\"]");
        for (int i = 0; i < 20; i++) {
            assertEquals("{\"results\":[{\"columns\":[\"a\",\"b\"],\"types\":[\"integer\",\"text\"],"
                    + "\"values\":[[1,null]]}]}", json("/db/query?level=none", select));
        }
        json("/db/execute", "[\"DROP TABLE shifting\", \"CREATE TABLE shifting (x TEXT, y TEXT)\","
                + " \"INSERT INTO shifting VALUES('p', 'q')\"]");
        for (int i = 0; i < 20; i++) {
            assertEquals("{\"results\":[{\"columns\":[\"x\",\"y\"],\"types\":[\"text\",\"text\"],"
                    + "\"values\":[[\"p\",\"q\"]]}]}", json("/db/query?level=none", select));
        }
    }

    @Test
    void randomAndNowAreRewrittenUnlessTheClientSaysNot() {
        json("/db/execute", "[\"CREATE TABLE nondet (r INTEGER, t TEXT, b BLOB)\"]");
        json("/db/execute", "[\"INSERT INTO nondet VALUES(RANDOM(), datetime('now'), RANDOMBLOB(4))\"]");
        assertEquals("{\"results\":[{\"columns\":[\"tr\",\"tt\",\"lb\"],\"types\":[\"text\",\"text\",\"integer\"],"
                        + "\"values\":[[\"integer\",\"text\",4]]}]}",
                json("/db/query", "[\"SELECT typeof(r) AS tr, typeof(t) AS tt, length(b) AS lb FROM nondet\"]"));
        assertEquals("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}",
                json("/db/execute?norwrandom&norwtime", "[\"INSERT INTO nondet VALUES(RANDOM(), 'x', NULL)\"]"));
        assertEquals("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1}]}",
                json("/db/execute?noparse", "[\"INSERT INTO nondet VALUES(1, 'x', NULL)\"]"));
    }

    @Test
    void aTenMegabyteStatementSucceeds() {
        json("/db/execute", "[\"CREATE TABLE huge (x TEXT)\"]");
        String value = "x".repeat(10_000_000);
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}",
                post("/db/execute", "text/plain", "INSERT INTO huge VALUES('" + value + "')").asString());
        assertEquals("{\"results\":[{\"columns\":[\"length(x)\"],\"types\":[\"integer\"],\"values\":[[10000000]]}]}",
                json("/db/query", "[\"SELECT length(x) FROM huge\"]"));
    }

    @Test
    void aBodyOverTheLimitIs413AndTheNodeKeepsServing() throws Exception {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /db/execute HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: " + (64 * 1024 * 1024 + 1) + "\r\n\r\nSELECT")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.endsWith("\r\n\r\nrequest body too large: the limit is 67108864 bytes\n"), answer);
        assertEquals("{\"results\":[{\"columns\":[\"1\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                json("/db/query", "[\"SELECT 1\"]"));
    }
}
