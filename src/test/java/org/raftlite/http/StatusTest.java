package org.raftlite.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** /status, /readyz and the Quarkus health endpoints, as rqlite's harnesses and Kubernetes read them. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class StatusTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    @Test
    void statusHasTheKeysHarnessesRead() {
        Api.json("/db/execute", "[\"CREATE TABLE st (x)\"]");
        JsonPath s = JsonPath.from(Api.get("/status"));
        assertEquals("Leader", s.getString("store.raft.state"));
        assertTrue(s.getBoolean("store.raft.voter"));
        assertEquals("test-node", s.getString("store.node_id"));
        assertEquals("test-node", s.getString("store.leader.node_id"));
        assertTrue(s.getString("store.leader.addr").startsWith("127.0.0.1:"));
        long commit = s.getLong("store.raft.commit_index");
        assertTrue(commit >= 2);
        assertEquals(commit, s.getLong("store.raft.applied_index"));
        assertEquals(commit, s.getLong("store.fsm_index"));
        assertEquals(commit, s.getLong("store.db_applied_index"));
        assertTrue(s.getLong("store.raft.last_log_index") >= commit);
        assertEquals(0, s.getLong("store.raft.fsm_pending"));
        assertTrue(s.getString("store.sqlite3.path").endsWith("db.sqlite"));
        assertEquals("v10.2.7", s.getString("build.version"));
        assertTrue(s.getLong("http.queue._default.sequence_number") >= 0);
        assertEquals(0, s.getLong("store.raft.last_contact"), "a leader is in contact with itself");
        assertEquals(s.getString("store.addr"), s.getString("cluster.addr"));
        assertEquals(s.getString("http.bind_addr"), s.getString("cluster.api_addr"));
        assertEquals("false", s.getString("cluster.https"));
        assertEquals(java.util.List.of(), s.getList("raftlite.flags_not_in_effect"));
    }

    /** Go writes every map of /status with its keys sorted, at every depth. */
    @Test
    void statusKeysAreSortedAtEveryDepth() {
        String body = Api.get("/status");
        assertEquals(List.of("build", "cluster", "http", "node", "os", "raftlite", "runtime", "store"),
                topLevelKeys(JsonPath.from(body).getMap("")));
        assertSorted(JsonPath.from(body).getMap(""), "");
    }

    private static List<String> topLevelKeys(Map<String, Object> map) {
        return List.copyOf(map.keySet());
    }

    @SuppressWarnings("unchecked")
    private static void assertSorted(Map<String, Object> map, String where) {
        List<String> keys = List.copyOf(map.keySet());
        assertEquals(keys.stream().sorted().toList(), keys, "keys of " + where);
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                assertSorted((Map<String, Object>) m, where + "." + k);
            }
        });
    }

    @Test
    void statusReportsThePragmasRqliteTestsExpect() {
        assertEquals("{\"busy_timeout\":\"5000\",\"foreign_keys\":\"0\",\"journal_mode\":\"wal\",\"synchronous\":\"0\","
                + "\"wal_autocheckpoint\":\"1000\"}", Api.get("/status?key=store.sqlite3.pragmas.ro"));
        assertEquals("{\"busy_timeout\":\"5000\",\"foreign_keys\":\"0\",\"journal_mode\":\"wal\",\"synchronous\":\"0\","
                + "\"wal_autocheckpoint\":\"0\"}", Api.get("/status?key=store.sqlite3.pragmas.rw"));
        assertEquals("{}", Api.get("/status?key=store.nothing"));
        assertTrue(Api.get("/status?pretty&key=store.raft").startsWith("{\n    \"applied_index\": "));
    }

    @Test
    void readyzAnswersAsRqlite() {
        var ready = given().get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("[+]node ok\n[+]leader ok\n[+]store ok\n[+]db ok", ready.asString());
        assertEquals("text/plain; charset=utf-8", ready.contentType());
        assertEquals("[+]node ok", given().get("/readyz?noleader").asString());
    }

    @Test
    void quarkusHealthAgreesWithReadyz() {
        assertEquals(200, given().get("/q/health/live").statusCode());
        assertEquals(200, given().get("/q/health/ready").statusCode());
    }
}
