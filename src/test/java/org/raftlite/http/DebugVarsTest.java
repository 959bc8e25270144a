package org.raftlite.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** /debug/vars as rqlited serves Go's expvar (API.md §8.5): its layout, ?key=, and counters that count. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class DebugVarsTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    private static JsonPath vars() {
        return JsonPath.from(Api.get("/debug/vars"));
    }

    @Test
    void oneVariableALineSortedByName() {
        String body = Api.get("/debug/vars");
        assertTrue(body.startsWith("{\n\"cluster\": {\"num_backup_req\": "), body);
        assertTrue(body.endsWith("}\n}\n"), body);
        List<String> names = body.lines().skip(1).filter(l -> l.startsWith("\""))
                .map(l -> l.substring(1, l.indexOf('"', 1))).toList();
        assertEquals(List.of("cluster", "cmdline", "http", "memstats", "proxy", "store", "uploader"), names);
        assertTrue(body.contains("\n\"cmdline\": [\"raftlited\"],\n"), body);
        assertTrue(vars().getLong("memstats.HeapAlloc") > 0);
    }

    @Test
    void keyKeepsOneVariable() {
        Response r = given().get("/debug/vars?key=uploader");
        assertEquals("application/json; charset=utf-8", r.contentType());
        assertEquals("{\n\"uploader\": {\"last_upload_bytes\": 0, \"num_uploads_fail\": 0, \"num_uploads_ok\": 0, "
                + "\"num_uploads_skipped\": 0, \"total_upload_bytes\": 0}\n}\n", r.asString());
        assertEquals("{\n\n}\n", Api.get("/debug/vars?key=nothing"));
    }

    @Test
    void snapshotsAndRequestsAreCounted() {
        JsonPath before = vars();
        Api.json("/db/execute", "[\"CREATE TABLE dv (x)\"]");
        assertEquals(200, given().post("/snapshot").statusCode());
        Api.json("/db/execute", "[\"INSERT INTO dv VALUES(1)\"]");
        assertEquals(200, given().post("/snapshot").statusCode());
        assertEquals(405, given().get("/db/execute").statusCode());
        Api.get("/db/query?q=SELECT%201");
        JsonPath after = vars();
        assertEquals(2, after.getLong("store.num_snapshots") - before.getLong("store.num_snapshots"));
        assertEquals(2, after.getLong("store.num_user_snapshots") - before.getLong("store.num_user_snapshots"));
        assertEquals(2, after.getLong("http.user_snapshots") - before.getLong("http.user_snapshots"));
        assertEquals(3, after.getLong("http.executions") - before.getLong("http.executions"),
                "rqlited counts a request before it checks the method");
        assertEquals(1, after.getLong("http.queries") - before.getLong("http.queries"));
    }
}
