package org.raftlite.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftlite.testing.Api.assertPlain;
import static org.raftlite.testing.Api.json;
import static org.raftlite.testing.Api.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;

/**
 * {@code POST /db/load}: SQL text runs whole or not at all, a SQLite file replaces the database, and bad input
 * changes nothing. The test node is shared with other test classes: the file loaded is a backup of all of it,
 * taken just before.
 */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class LoadTest {

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    private static String rows(String table) {
        return json("/db/query", "[\"SELECT * FROM " + table + " ORDER BY 1\"]");
    }

    private static byte[] backup() {
        return given().get("/db/backup").then().statusCode(200).extract().asByteArray();
    }

    @Test
    void sqlTextRunsWholeOrNotAtAll() {
        assertEquals("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}",
                post("/db/load", "text/plain", "CREATE TABLE load_a (v INTEGER);\nINSERT INTO load_a VALUES(1);\n"
                        + "INSERT INTO load_a VALUES(2);").asString());
        assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"integer\"],\"values\":[[1],[2]]}]}",
                rows("load_a"));
        String failed = post("/db/load", "text/plain", "BEGIN TRANSACTION;\nINSERT INTO load_a VALUES(3);\n"
                + "INSERT INTO no_such_table VALUES(4);\nCOMMIT;\n").asString();
        assertEquals("{\"results\":[{\"error\":\"no such table: no_such_table\"}]}", failed);
        assertEquals("{\"results\":[{\"columns\":[\"v\"],\"types\":[\"integer\"],\"values\":[[1],[2]]}]}",
                rows("load_a"), "the dump's first insert is undone with it");
        json("/db/execute", "[\"INSERT INTO load_a VALUES(5)\"]");
        assertEquals(3, rows("load_a").split("\\],\\[").length, "writes go on afterwards");
    }

    @Test
    void aSqliteFileReplacesTheDatabaseAndABrokenOneChangesNothing() {
        json("/db/execute", "[\"CREATE TABLE load_b (id INTEGER PRIMARY KEY, name TEXT)\","
                + " \"INSERT INTO load_b VALUES(1, 'kept')\"]");
        byte[] file = backup();
        json("/db/execute", "[\"INSERT INTO load_b VALUES(2, 'after the backup')\", \"CREATE TABLE load_c (x)\"]");

        byte[] broken = Arrays.copyOf(file, file.length);
        for (int i = 100; i < broken.length; i += 7) {
            broken[i] ^= 0x5a;
        }
        assertPlain(given().contentType("application/octet-stream").body(broken).post("/db/load"), 400,
                "invalid SQLite data\n");
        assertEquals(2, rows("load_b").split("\\],\\[").length, "nothing changed");

        var loaded = given().contentType("application/octet-stream").body(file).post("/db/load");
        assertEquals(200, loaded.statusCode(), loaded.asString());
        assertEquals("{\"results\":[]}", loaded.asString());
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                + "\"values\":[[1,\"kept\"]]}]}", rows("load_b"));
        assertEquals("{\"results\":[{\"error\":\"no such table: load_c\"}]}", rows("load_c"),
                "what the file does not hold is gone");
    }

    @Test
    void loadIsPostOnlyAndNeedsABody() {
        assertEquals(405, given().get("/db/load").statusCode());
        assertPlain(post("/db/load", "text/plain", "  "), 400, "no statements\n");
    }
}
