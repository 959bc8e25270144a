package org.raftlite.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;

/** rqlite-style calls against the in-process test node, returning raw bodies so tests compare exact text. */
public final class Api {

    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private Api() {
    }

    public static Response post(String path, String contentType, String body) {
        return given().config(RAW).urlEncodingEnabled(false).contentType(contentType).body(body).post(path);
    }

    /** POSTs a JSON body and returns the body of the 200 answer. */
    public static String json(String path, String body) {
        Response r = post(path, "application/json", body);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + " for " + path + ": " + r.asString());
        }
        return r.asString();
    }

    /** Asserts one of rqlite's plain-text answers: its status and its whole body. */
    public static void assertPlain(Response r, int status, String body) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(body, r.asString());
        if (!body.isEmpty()) {
            assertEquals("text/plain; charset=utf-8", r.contentType());
        }
    }

    public static String get(String path) {
        Response r = given().urlEncodingEnabled(false).get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + " for " + path + ": " + r.asString());
        }
        return r.asString();
    }

    /** Waits until the node answers /readyz with 200: a leader known and its no-op applied. */
    public static void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (given().get("/readyz").statusCode() == 200) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("node not ready within 60s");
    }
}
