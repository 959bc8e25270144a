package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftlite.testing.Api.get;
import static org.raftlite.testing.Api.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/** The JSON a client receives for each result shape of API.md §3.3 and §3.4, compared as text. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class ResultShapesTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    @Test
    void createInsertAndQueryAnswerAsRqliteDoes() {
        json("/db/execute", "[\"CREATE TABLE bar (id INTEGER NOT NULL PRIMARY KEY, name TEXT)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},{\"last_insert_id\":2,\"rows_affected\":1}]}",
                json("/db/execute", "[[\"INSERT INTO bar(name) VALUES(?)\", \"fiona\"],"
                        + " [\"INSERT INTO bar(name) VALUES(:name)\", {\"name\": \"declan\"}]]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                + "\"values\":[[1,\"fiona\"],[2,\"declan\"]]}]}", get("/db/query?q=SELECT%20*%20from%20bar"));
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"]}]}",
                json("/db/query", "[\"SELECT * FROM bar WHERE id > 100\"]"));
    }

    @Test
    void associativeRowsAndExecuteResults() {
        json("/db/execute", "[\"CREATE TABLE assoc (id INTEGER PRIMARY KEY, name TEXT)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1,\"rows\":null}]}",
                json("/db/execute?associative", "[\"INSERT INTO assoc(name) VALUES('fiona')\"]"));
        assertEquals("{\"results\":[{\"types\":{\"id\":\"integer\",\"name\":\"text\"},"
                + "\"rows\":[{\"id\":1,\"name\":\"fiona\"}]}]}", json("/db/query?associative",
                "[\"SELECT * FROM assoc\"]"));
        assertEquals("{\"results\":[{\"types\":{\"id\":\"integer\",\"name\":\"text\"},\"rows\":[]}]}",
                json("/db/query?associative", "[\"SELECT * FROM assoc WHERE id = 7\"]"));
    }

    /** rqlited builds associative rows and types from Go maps, which its encoder writes with sorted keys. */
    @Test
    void associativeKeysComeInGoMapOrder() {
        json("/db/execute", "[\"CREATE TABLE unsorted (zeta INTEGER, alpha TEXT, Mid REAL, _u)\","
                + " \"INSERT INTO unsorted VALUES(1, 'a', 2.5, NULL)\"]");
        assertEquals("{\"results\":[{\"types\":{\"Mid\":\"real\",\"_u\":\"\",\"alpha\":\"text\","
                + "\"zeta\":\"integer\"},\"rows\":[{\"Mid\":2.5,\"_u\":null,\"alpha\":\"a\",\"zeta\":1}]}]}",
                json("/db/query?associative", "[\"SELECT * FROM unsorted\"]"));
    }

    @Test
    void unifiedEndpointMixesResultsAndErrors() {
        json("/db/execute", "[\"CREATE TABLE mixed (id INTEGER PRIMARY KEY)\"]");
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1,\"rows\":null},"
                        + "{\"types\":{\"id\":\"integer\"},\"rows\":[{\"id\":1}]},{\"error\":\"no such table: nothere\"}]}",
                json("/db/request?associative", "[\"INSERT INTO mixed(id) VALUES(1)\", \"SELECT * FROM mixed\","
                        + " \"SELECT * FROM nothere\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                json("/db/request", "[\"SELECT * FROM mixed\"]"));
    }

    @Test
    void prettyIndentsByFourSpaces() {
        json("/db/execute", "[\"CREATE TABLE pretty (id INTEGER PRIMARY KEY, name TEXT)\"]");
        json("/db/execute", "[\"INSERT INTO pretty(name) VALUES('fiona')\"]");
        assertEquals("""
                {
                    "results": [
                        {
                            "columns": [
                                "id",
                                "name"
                            ],
                            "types": [
                                "integer",
                                "text"
                            ],
                            "values": [
                                [
                                    1,
                                    "fiona"
                                ]
                            ]
                        }
                    ]
                }""", json("/db/query?pretty", "[\"SELECT * FROM pretty\"]"));
        // a text that ends in a part with no statement answers {}, as rqlited's driver leaves both counters 0 then
        assertEquals("{\n    \"results\": [\n        {}\n    ]\n}",
                json("/db/execute?pretty", "[\"CREATE TABLE pretty2 (x); -- nothing after this\"]"));
    }

    @Test
    void timingsAddTimeToEachResultAndTheEnvelope() {
        String body = json("/db/execute?timings", "[\"CREATE TABLE timed (x)\", \"INSERT INTO timed VALUES(1)\"]");
        assertTrue(body.matches("\\{\"results\":\\[\\{(\"last_insert_id\":\\d+,\"rows_affected\":\\d+,)?\"time\":[0-9.e-]+},"
                + "\\{\"last_insert_id\":1,\"rows_affected\":1,\"time\":[0-9.e-]+}],\"time\":[0-9.e-]+}"), body);
    }

    @Test
    void raftIndexReportsTheEntryThatCarriedTheWrite() {
        json("/db/execute", "[\"CREATE TABLE indexed (x)\"]");
        String first = json("/db/execute?raft_index", "[\"INSERT INTO indexed VALUES(1)\"]");
        String second = json("/db/execute?raft_index", "[\"INSERT INTO indexed VALUES(2)\"]");
        long a = Long.parseLong(first.replaceAll(".*\"raft_index\":(\\d+)}$", "$1"));
        long b = Long.parseLong(second.replaceAll(".*\"raft_index\":(\\d+)}$", "$1"));
        assertTrue(first.startsWith("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}],\"raft_index\":"));
        assertEquals(a + 1, b);
        assertEquals("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1}]}",
                json("/db/execute", "[\"INSERT INTO indexed VALUES(3)\"]"), "raft_index only when asked for");
    }

    @Test
    void returningOnExecuteAnswersWithRows() {
        json("/db/execute", "[\"CREATE TABLE ret (id INTEGER PRIMARY KEY, name TEXT)\"]");
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                + "\"values\":[[1,\"fiona\"]]}]}", json("/db/execute",
                "[\"INSERT INTO ret(name) VALUES('fiona') RETURNING *\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[1]]}]}",
                get("/db/query?q=SELECT%20id%20FROM%20ret"));
    }

    @Test
    void inferredTypesForExpressions() {
        assertEquals("{\"results\":[{\"columns\":[\"a\",\"b\",\"c\",\"d\",\"e\"],"
                        + "\"types\":[\"integer\",\"real\",\"text\",\"blob\",\"\"],"
                        + "\"values\":[[1,1.5,\"x\",\"AAE=\",null]]}]}",
                json("/db/query", "[\"SELECT 1 AS a, 1.5 AS b, 'x' AS c, x'0001' AS d, NULL AS e\"]"));
    }

    @Test
    void goNumberFormatting() {
        assertEquals("{\"results\":[{\"columns\":[\"a\",\"b\",\"c\",\"d\"],\"types\":[\"real\",\"real\",\"real\","
                        + "\"integer\"],\"values\":[[1,2.26e-7,1e+21,9007199254740993]]}]}",
                json("/db/query", "[\"SELECT 1.0 AS a, 0.000000226 AS b, 1e21 AS c, 9007199254740993 AS d\"]"));
    }

    @Test
    void datesAreRfc3339AndBooleansAreBooleans() {
        json("/db/execute", "[\"CREATE TABLE times (d DATE, dt DATETIME, ts TIMESTAMP, ok BOOLEAN)\"]");
        json("/db/execute", "[\"INSERT INTO times VALUES('2004-02-14', '2004-02-14 07:15:00', 1092941466, 1)\","
                + " \"INSERT INTO times VALUES('2004-02-14T07:15:00.5+02:00', 'bogus', 1092941466123, 0)\"]");
        assertEquals("{\"results\":[{\"columns\":[\"d\",\"dt\",\"ts\",\"ok\"],"
                        + "\"types\":[\"date\",\"datetime\",\"timestamp\",\"boolean\"],"
                        + "\"values\":[[\"2004-02-14T00:00:00Z\",\"2004-02-14T07:15:00Z\",\"2004-08-19T18:51:06Z\",true],"
                        + "[\"2004-02-14T05:15:00.5Z\",\"0001-01-01T00:00:00Z\",\"2004-08-19T18:51:06.123Z\",false]]}]}",
                json("/db/query", "[\"SELECT * FROM times\"]"));
    }

    @Test
    void blobsAreBase64OrByteArrays() {
        json("/db/execute", "[\"CREATE TABLE blobs (b BLOB)\"]");
        json("/db/execute", "[[\"INSERT INTO blobs(b) VALUES(?)\", \"x'68656C6C6F'\"],"
                + " [\"INSERT INTO blobs(b) VALUES(?)\", [83,81,76]]]");
        assertEquals("{\"results\":[{\"columns\":[\"b\"],\"types\":[\"blob\"],\"values\":[[\"aGVsbG8=\"],[\"U1FM\"]]}]}",
                json("/db/query", "[\"SELECT b FROM blobs\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"b\"],\"types\":[\"blob\"],"
                + "\"values\":[[[104,101,108,108,111]],[[83,81,76]]]}]}", json("/db/query?blob_array",
                "[\"SELECT b FROM blobs\"]"));
    }

    @Test
    void goEscapesInStrings() {
        assertEquals("{\"results\":[{\"columns\":[\"s\"],\"types\":[\"text\"],"
                        + "\"values\":[[\"\\u003ca\\u003e \\u0026 \\\"q\\\" é ☃ \\n\"]]}]}",
                json("/db/query", "[[\"SELECT ? AS s\", \"<a> & \\\"q\\\" é ☃ \\n\"]]"));
    }

    /** Reads are tried on the event loop within a millisecond of SQL; one that runs longer is run again elsewhere. */
    @Test
    void aLongReadIsAnsweredWholeAndOnce() {
        String count = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000)"
                + " SELECT count(*) AS total FROM c";
        assertEquals("{\"results\":[{\"columns\":[\"one\"],\"types\":[\"integer\"],\"values\":[[1]]},"
                        + "{\"columns\":[\"total\"],\"types\":[\"integer\"],\"values\":[[300000]]}]}",
                json("/db/query?level=none", "[\"SELECT 1 AS one\", \"" + count + "\"]"));
        assertEquals("{\"results\":[{\"columns\":[\"total\"],\"types\":[\"integer\"],\"values\":[[300000]]}]}",
                get("/db/query?q=" + java.net.URLEncoder.encode(count, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
