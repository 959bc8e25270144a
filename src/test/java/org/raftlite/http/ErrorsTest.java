package org.raftlite.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.raftlite.testing.Api.assertPlain;
import static org.raftlite.testing.Api.get;
import static org.raftlite.testing.Api.json;
import static org.raftlite.testing.Api.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** Every error of API.md §2.4 and §15b this node owns: status, body text, and nothing committed lost. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class ErrorsTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }


    @Test
    void statementErrorsAreInsideResultsWithStatus200() {
        assertEquals("{\"results\":[{\"error\":\"near \\\"nonsense\\\": syntax error\"}]}",
                json("/db/execute", "[\"nonsense\"]"));
        assertEquals("{\"results\":[{\"error\":\"no such table: nosuch\"}]}",
                json("/db/query", "[\"SELECT * FROM nosuch\"]"));
        json("/db/execute", "[\"CREATE TABLE uniq (c INTEGER UNIQUE)\", \"INSERT INTO uniq VALUES(1)\"]");
        assertEquals("{\"results\":[{\"error\":\"UNIQUE constraint failed: uniq.c\"}]}",
                json("/db/execute", "[\"INSERT INTO uniq VALUES(1)\"]"));
    }

    @Test
    void queryEndpointRefusesWrites() {
        json("/db/execute", "[\"CREATE TABLE ro (x)\"]");
        assertEquals("{\"results\":[{\"error\":\"attempt to change database via query operation\"}]}",
                json("/db/query", "[\"INSERT INTO ro VALUES(1)\"]"));
        assertEquals("{\"results\":[{\"error\":\"attempt to change database via query operation\"}]}",
                json("/db/query", "[\"CREATE TABLE ro2 (x)\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[0]]}]}",
                json("/db/query", "[\"SELECT count(*) FROM ro\"]"));
    }

    @Test
    void disallowedPragmasFailTheWholeRequest() {
        for (String pragma : new String[] {"PRAGMA journal_mode=DELETE", "pragma main.synchronous = 2",
                "PRAGMA wal_autocheckpoint=10", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA query_only=1"}) {
            assertEquals("{\"results\":[],\"error\":\"disallowed pragma\"}",
                    json("/db/execute", "[\"" + pragma + "\"]"), pragma);
            assertEquals("{\"results\":[],\"error\":\"disallowed pragma\"}",
                    json("/db/query", "[\"" + pragma + "\"]"), pragma);
        }
        assertEquals("{\"results\":[{\"columns\":[\"journal_mode\"],\"types\":[\"text\"],\"values\":[[\"wal\"]]}]}",
                json("/db/query", "[\"PRAGMA journal_mode\"]"));
    }

    @Test
    void badBodiesAre400WithRqliteMessages() {
        json("/db/execute", "[\"CREATE TABLE survivor (x)\", \"INSERT INTO survivor VALUES(1)\"]");
        assertPlain(post("/db/execute", "application/json", "[\"INSERT INTO survivor VALUES(2)\""), 400,
                "invalid JSON body\n");
        assertPlain(post("/db/execute", "application/json", "[]"), 400, "no statements\n");
        assertPlain(post("/db/execute", "application/json", ""), 400, "invalid JSON body\n");
        assertPlain(post("/db/execute", "application/json", "{\"sql\":\"x\"}"), 400, "invalid JSON body\n");
        assertPlain(post("/db/execute", "application/json", "[[1, 2]]"), 400, "invalid request\n");
        assertPlain(post("/db/execute", "application/json",
                "[[\"INSERT INTO survivor VALUES(?)\", {\"a\": {\"nested\": 1}}]]"), 400, "unsupported type\n");
        assertPlain(post("/db/execute", "application/json",
                "[[\"INSERT INTO survivor VALUES(?)\", [1, \"two\"]]]"), 400, "unsupported type\n");
        assertPlain(post("/db/request", "application/json", "[]"), 400, "no statements\n");
        assertPlain(post("/db/query", "application/json", "nonsense"), 400, "invalid JSON body\n");
        assertEquals("{\"results\":[{\"columns\":[\"x\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                json("/db/query", "[\"SELECT x FROM survivor\"]"));
    }

    @Test
    void badQueryParametersAre400() {
        assertPlain(post("/db/execute?db_timeout=soon", "application/json", "[\"SELECT 1\"]"), 400,
                "db_timeout is not a valid duration\n");
        assertPlain(post("/db/query?freshness_strict", "application/json", "[\"SELECT 1\"]"), 400,
                "freshness_strict requires freshness\n");
        assertPlain(post("/db/query?level=none&freshness=1x", "application/json", "[\"SELECT 1\"]"), 400,
                "freshness is not a valid duration\n");
        assertPlain(post("/db/query?retries=many", "application/json", "[\"SELECT 1\"]"), 400,
                "retries is not a valid integer\n");
        assertPlain(given().get("/db/query?q="), 400, "query parameter not set\n");
    }

    /** The rqlite shell's .remove sends whatever id it is given; rqlited answers 200 for one it does not know. */
    @Test
    void removingAnUnknownNodeIsHarmless() {
        Response r = given().contentType("application/json").body("{\"id\":\"no-such-node\"}").delete("/remove");
        assertPlain(r, 200, "");
        assertPlain(given().contentType("application/json").body("{\"id\":1}").delete("/remove"), 400, "");
    }

    @Test
    void wrongMethodUnknownPathAndPreflight() {
        Response get = given().get("/db/execute");
        assertEquals(405, get.statusCode());
        assertEquals("", get.asString());
        assertEquals("application/json; charset=utf-8", get.contentType(), "rqlited sets its type before the check");
        assertEquals("v10.2.7", get.header("X-RQLITE-VERSION"));
        assertEquals(405, given().delete("/db/query").statusCode());
        assertEquals(405, given().put("/status").statusCode());
        assertPlain(given().get("/no/such/path"), 404, "");
        Response options = given().options("/db/execute");
        assertPlain(options, 200, "");
        assertEquals("OPTIONS, GET, POST", options.header("Access-Control-Allow-Methods"));
        assertEquals("Content-Type", options.header("Access-Control-Allow-Headers"));
        assertEquals(null, options.header("Access-Control-Allow-Credentials"), "only when -auth checks credentials");
    }

    @Test
    void everyAnswerCarriesTheApiVersionAndSuccessSaysWhoServedIt() {
        Response ok = post("/db/query", "application/json", "[\"SELECT 1\"]");
        assertEquals("v10.2.7", ok.header("X-RQLITE-VERSION"));
        assertEquals("application/json; charset=utf-8", ok.contentType());
        assertEquals("localhost:4001", ok.header("X-RQLITE-SERVED-BY"));
        Response bad = post("/db/query", "application/json", "[]");
        assertEquals("v10.2.7", bad.header("X-RQLITE-VERSION"));
        assertNull(bad.header("X-RQLITE-SERVED-BY"));
        assertEquals("v10.2.7", given().get("/nothing").header("X-RQLITE-VERSION"));
        assertEquals("v10.2.7", given().get("/q/health/live").header("X-RQLITE-VERSION"));
    }

    @Test
    void dbTimeoutInterruptsALongStatement() {
        String endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c";
        assertEquals("{\"results\":[{\"error\":\"query timeout\"}]}",
                json("/db/query?db_timeout=200ms", "[\"" + endless + "\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"1\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                get("/db/query?q=SELECT%201"));
    }
}
