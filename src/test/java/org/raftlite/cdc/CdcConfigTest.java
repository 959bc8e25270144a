package org.raftlite.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -cdc-config} as rqlited reads it: a URL, stdout, or a JSON file with its keys. */
class CdcConfigTest {

    @TempDir
    Path dir;

    private CdcConfig file(String json) throws Exception {
        Path f = dir.resolve("cdc.json");
        Files.writeString(f, json);
        return CdcConfig.parse(f.toString());
    }

    @Test
    void aUrlIsTheEndpointWithEveryDefault() {
        CdcConfig c = CdcConfig.parse("http://localhost:9000/cdc");
        assertEquals("http://localhost:9000/cdc", c.endpoint());
        assertEquals(10, c.maxBatchSize());
        assertEquals(Duration.ofMillis(200), c.maxBatchDelay());
        assertEquals(Duration.ofSeconds(1), c.highWatermarkInterval());
        assertEquals(Duration.ofSeconds(5), c.transmitTimeout());
        assertEquals(-1, c.maxRetries());
        assertFalse(c.exponential());
        assertEquals(Duration.ofSeconds(1), c.minBackoff());
        assertEquals(Duration.ofSeconds(30), c.maxBackoff());
        assertNull(c.tableFilter());
        assertTrue(CdcConfig.parse("STDOUT").toStdout());
    }

    @Test
    void aFileSetsRqlitesKeysWithDurationsAsStringsOrNanoseconds() throws Exception {
        CdcConfig c = file("{\"endpoint\": \"https://user:pw@sink.example:8443/in\", \"service_id\": \"prod\","
                + " \"row_ids_only\": true, \"table_filter\": \"^foo\", \"max_batch_size\": 3,"
                + " \"max_batch_delay\": \"50ms\", \"high_watermark_interval\": 2000000000,"
                + " \"transmit_max_retries\": 4, \"transmit_retry_policy\": \"ExponentialRetryPolicy\","
                + " \"transmit_min_backoff\": \"100ms\", \"transmit_max_backoff\": \"2s\","
                + " \"tls\": {\"insecure_skip_verify\": true}}");
        assertEquals("prod", c.serviceId());
        assertTrue(c.rowIdsOnly());
        assertTrue(c.tableFilter().matcher("foobar").find());
        assertEquals(3, c.maxBatchSize());
        assertEquals(Duration.ofMillis(50), c.maxBatchDelay());
        assertEquals(Duration.ofSeconds(2), c.highWatermarkInterval());
        assertEquals(4, c.maxRetries());
        assertTrue(c.exponential());
        assertTrue(c.tls().insecureSkipVerify());
        assertEquals("https://sink.example:8443/in", c.sinkName());
        assertFalse(file("{\"endpoint\": \"stdout\", \"transmit_retry_policy\": 0}").exponential());
    }

    @Test
    void badConfigurationIsRefusedWithTheReason() throws Exception {
        assertEquals("cdc: unknown config key \"max_batch\"",
                assertThrows(CdcConfig.Invalid.class, () -> file("{\"endpoint\": \"stdout\", \"max_batch\": 1}"))
                        .getMessage());
        assertEquals("cdc: unsupported scheme \"ftp\"",
                assertThrows(CdcConfig.Invalid.class, () -> file("{\"endpoint\": \"ftp://x/y\"}")).getMessage());
        assertTrue(assertThrows(CdcConfig.Invalid.class, () -> file("{\"endpoint\": \"stdout\","
                + " \"table_filter\": \"(\"}")).getMessage().startsWith("cdc: invalid table_filter ("));
        assertEquals("cdc: invalid max_batch_delay: \"soon\" is not a duration",
                assertThrows(CdcConfig.Invalid.class, () -> file("{\"endpoint\": \"stdout\","
                        + " \"max_batch_delay\": \"soon\"}")).getMessage());
        assertEquals("cdc: unknown config key \"tls.ca_cert\"", assertThrows(CdcConfig.Invalid.class,
                () -> file("{\"endpoint\": \"stdout\", \"tls\": {\"ca_cert\": \"x\"}}")).getMessage());
        assertEquals("cdc: endpoint is required",
                assertThrows(CdcConfig.Invalid.class, () -> file("{}")).getMessage());
        assertTrue(assertThrows(CdcConfig.Invalid.class, () -> CdcConfig.parse(dir.resolve("none.json").toString()))
                .getMessage().endsWith("none.json does not exist"));
    }
}
