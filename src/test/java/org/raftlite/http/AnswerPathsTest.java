package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftlite.testing.Api.assertPlain;
import static org.raftlite.testing.Api.json;
import static org.raftlite.testing.Api.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import jakarta.inject.Inject;
import org.raftlite.store.Store;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/**
 * A request is answered on the event loop when it can be (a weak or none read whose SQL is known to be quick, a
 * write with a small body, a queued write) and on a worker otherwise (a strong read, slow SQL, a large body, a
 * queued write that waits): a client sees the same answers, errors and limits either way, and the store counts
 * where its reads ran.
 */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class AnswerPathsTest {

    @Inject
    Store store;

    private static final String ROWS = "{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
            + "\"values\":[[1,\"fiona\"],[2,\"declan\"]]}]}";

    @BeforeEach
    void ready() {
        Api.awaitReady();
        json("/db/execute", "[\"CREATE TABLE IF NOT EXISTS paths (id INTEGER PRIMARY KEY, name TEXT)\","
                + " \"INSERT OR IGNORE INTO paths VALUES(1, 'fiona'), (2, 'declan')\"]");
    }

    @Test
    void quickAndWaitingReadsAnswerAlike() {
        for (String level : new String[] {"weak", "none", "strong"}) {
            assertEquals(ROWS, json("/db/query?level=" + level, "[\"SELECT * FROM paths ORDER BY id\"]"), level);
            assertEquals(ROWS, post("/db/query?level=" + level, "text/plain", "SELECT * FROM paths ORDER BY id")
                    .asString(), level);
            assertEquals(ROWS, Api.get("/db/query?level=" + level + "&q="
                    + URLEncoder.encode("SELECT * FROM paths ORDER BY id", StandardCharsets.UTF_8)), level);
            assertEquals("{\"results\":[{\"types\":{\"id\":\"integer\",\"name\":\"text\"},\"rows\":["
                            + "{\"id\":2,\"name\":\"declan\"}]}]}",
                    json("/db/query?associative&level=" + level, "[[\"SELECT * FROM paths WHERE id = ?\", 2]]"),
                    level);
        }
    }

    /** A slow read runs on a worker, the first time and every time after: never on the event loop, never twice. */
    @Test
    void aReadThatOutlastsTheEventLoopsShareRunsOnAWorker() {
        for (int i = 0; i < 2; i++) {
            Store.ReadCounts before = store.readCounts();
            assertEquals("{\"results\":[{\"columns\":[\"count(*)\"],\"types\":[\"integer\"],\"values\":[[400000]]}]}",
                    json("/db/query", "[\"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
                            + " WHERE n < 400000) SELECT count(*) FROM c\"]"));
            assertEquals(before.onWorker() + 1, store.readCounts().onWorker(), "run " + i);
            assertEquals(before.atOnce(), store.readCounts().atOnce(), "run " + i);
        }
    }

    /** A quick read is answered on the event loop once its text has been seen to be quick. */
    @Test
    void aQuickReadIsAnsweredOnTheEventLoop() {
        String sql = "[[\"SELECT name FROM paths WHERE id = ?\", 1]]";
        for (int run = 0; run < 50; run++) {
            Store.ReadCounts before = store.readCounts();
            assertEquals("{\"results\":[{\"columns\":[\"name\"],\"types\":[\"text\"],\"values\":[[\"fiona\"]]}]}",
                    json("/db/query", sql));
            if (store.readCounts().atOnce() == before.atOnce() + 1) {
                assertEquals(before.onWorker(), store.readCounts().onWorker());
                return;
            }
        }
        throw new AssertionError("never answered on the event loop: " + store.readCounts());
    }

    @Test
    void badReadsAreRefusedAlikeOnBothPaths() {
        for (String level : new String[] {"weak", "strong"}) {
            assertPlain(post("/db/query?level=" + level, "application/json", "[\"SELECT 1\""), 400,
                    "invalid JSON body\n");
            assertPlain(post("/db/query?level=" + level + "&db_timeout=soon", "application/json",
                    "[\"SELECT 1\"]"), 400, "db_timeout is not a valid duration\n");
            assertPlain(RestAssured.given().get("/db/query?level=" + level), 400,
                    "query parameter not set\n");
        }
    }

    @Test
    void aWriteWithASmallBodyAndOneWithALargeOneAnswerAlike() {
        json("/db/execute", "[\"CREATE TABLE IF NOT EXISTS sized (id INTEGER PRIMARY KEY, v TEXT)\"]");
        String large = "y".repeat(100_000);
        assertEquals("{\"results\":[{\"last_insert_id\":1001,\"rows_affected\":1},{\"last_insert_id\":1002,"
                        + "\"rows_affected\":1}]}",
                json("/db/execute", "[[\"INSERT OR REPLACE INTO sized VALUES(?, ?)\", 1001, \"x\"],"
                        + " [\"INSERT OR REPLACE INTO sized VALUES(?, ?)\", 1002, \"" + large + "\"]]"));
        assertEquals("{\"results\":[{\"last_insert_id\":1003,\"rows_affected\":1}]}",
                json("/db/execute", "[[\"INSERT OR REPLACE INTO sized VALUES(?, ?)\", 1003, \"x\"]]"));
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"length(v)\"],\"types\":[\"integer\",\"integer\"],"
                        + "\"values\":[[1001,1],[1002,100000],[1003,1]]}]}",
                json("/db/query", "[\"SELECT id, length(v) FROM sized WHERE id > 1000 ORDER BY id\"]"));
        for (String body : new String[] {"[\"INSERT INTO sized VALUES(1\"", "[\"" + large + "\""}) {
            assertPlain(post("/db/execute", "application/json", body), 400, "invalid JSON body\n");
        }
    }

    @Test
    void aQueuedWriteIsTakenAtOnceOrAfterWaitingAndApplied() {
        json("/db/execute", "[\"CREATE TABLE IF NOT EXISTS queued (v TEXT)\"]");
        String taken = json("/db/execute?queue", "[[\"INSERT INTO queued VALUES(?)\", \"at once\"]]");
        assertTrue(taken.matches("\\{\"results\":\\[],\"sequence_number\":\\d+}"), taken);
        String waited = json("/db/execute?queue&wait", "[[\"INSERT INTO queued VALUES(?)\", \"waited\"]]");
        assertTrue(waited.matches("\\{\"results\":\\[],\"sequence_number\":\\d+}"), waited);
        assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"at once\"],"
                + "[\"waited\"]]}]}", json("/db/query", "[\"SELECT v FROM queued ORDER BY rowid\"]"));
    }

    @Test
    void aClientAskingForHttp2IsAnsweredInHttp11() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/db/query?level=strong"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[\"SELECT * FROM paths ORDER BY id\"]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, answer.version());
        assertEquals(ROWS, answer.body());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheNodeKeepsServing() throws Exception {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /db/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = (Integer.toHexString(1 << 20) + "\r\n" + " ".repeat(1 << 20) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = readUntilClosed(socket.getInputStream());
        }
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.endsWith("\r\n\r\nrequest body too large: the limit is 67108864 bytes\n"), answer);
        assertEquals(ROWS, json("/db/query", "[\"SELECT * FROM paths ORDER BY id\"]"));
    }

    /** What arrived before the node closed the connection, whether it closed it cleanly or with a reset. */
    private static String readUntilClosed(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // a reset after the answer: the node closed with part of the body unread
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
