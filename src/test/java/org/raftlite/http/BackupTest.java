package org.raftlite.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftlite.testing.Api.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Api;
import org.raftlite.testing.TestNodeResource;
import org.sqlite.SQLiteConfig;

/** GET /db/backup: a SQLite file that opens elsewhere with every row, and rqlited's SQL dump, plain or gzipped. */
@QuarkusTest
@QuarkusTestResource(TestNodeResource.class)
class BackupTest {

    private static final String DUMP = """
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE bk (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);
            INSERT INTO "bk" VALUES(1,'it''s',1.5,X'CAFE');
            INSERT INTO "bk" VALUES(2,NULL,NULL,NULL);
            CREATE INDEX bk_name ON bk(name);
            COMMIT;
            """;

    @BeforeEach
    void rows() {
        Api.awaitReady();
        json("/db/execute", "[\"CREATE TABLE IF NOT EXISTS bk"
                + " (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)\","
                + " \"CREATE INDEX IF NOT EXISTS bk_name ON bk(name)\","
                + " \"INSERT OR REPLACE INTO bk VALUES(1, 'it''s', 1.5, x'cafe')\","
                + " \"INSERT OR REPLACE INTO bk VALUES(2, NULL, NULL, NULL)\"]");
    }

    @Test
    void theFileOpensInSqliteWithEveryRow() throws Exception {
        Response r = given().get("/db/backup");
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.contentType());
        Path file = Files.createTempFile("raftlite-backup", ".sqlite");
        try {
            Files.write(file, r.asByteArray());
            try (Connection conn = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                    ResultSet rs = conn.createStatement().executeQuery(
                            "SELECT group_concat(id || ':' || quote(name) || ':' || quote(data), ' ') FROM bk")) {
                rs.next();
                assertEquals("1:'it''s':X'CAFE' 2:NULL:NULL", rs.getString(1));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theSqlDumpIsRqlitesPlainOrGzipped() throws Exception {
        Response plain = given().urlEncodingEnabled(false).get("/db/backup?fmt=SQL&tables=bk");
        assertEquals(200, plain.statusCode());
        assertEquals("application/sql", plain.contentType());
        assertEquals(DUMP, plain.asString());
        byte[] gz = given().urlEncodingEnabled(false).get("/db/backup?fmt=sql&tables=bk&compress").asByteArray();
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertEquals(DUMP, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n",
                Api.get("/db/backup?fmt=sql&tables=nosuch"));
    }
}
