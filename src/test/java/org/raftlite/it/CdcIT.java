package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * rqlite's change data capture against a consumer in the test (a real HTTP server): the bytes rqlite's consumers
 * parse, and at-least-once delivery in index order across a leader's kill -9 and a consumer that is down.
 */
class CdcIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The consumer: keeps every body it accepts; answers 503 while {@link #down} is set. */
    private HttpServer consumer;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();
    private Path dir;

    @BeforeEach
    void startConsumer() throws Exception {
        dir = Files.createTempDirectory("cdc-it");
        consumer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        consumer.createContext("/cdc", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean accept = !down.get() && exchange.getRequestMethod().equals("POST")
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (accept) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
            } else {
                refused.incrementAndGet();
            }
            exchange.sendResponseHeaders(accept ? 202 : 503, -1);
            exchange.close();
        });
        consumer.start();
    }

    @AfterEach
    void stopConsumer() {
        consumer.stop(0);
        Dirs.deleteQuietly(dir);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + consumer.getAddress().getPort() + "/cdc";
    }

    /** Every event received, as "index op table new_row_id", in the order received. */
    private List<String> events() {
        List<String> out = new ArrayList<>();
        for (String body : bodies) {
            try {
                for (JsonNode message : JSON.readTree(body).get("payload")) {
                    for (JsonNode e : message.get("events")) {
                        out.add(message.get("index").asLong() + " " + e.get("op").asText() + " "
                                + e.get("table").asText() + " " + e.path("new_row_id").asLong());
                    }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
        return out;
    }

    private static long statusNumber(NodeProcess node, String path) {
        try {
            JsonNode n = JSON.readTree(node.status());
            for (String part : path.split("\\.")) {
                n = n.path(part);
            }
            return n.asLong(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void oneNodeSendsRqlitesJsonForInsertsUpdatesAndDeletes() throws Exception {
        try (NodeProcess node = new NodeProcess("1", dir.resolve("n1"), "-cdc-config", endpoint())) {
            node.start().awaitReady();
            node.execute("[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, data BLOB)\"]");
            node.execute("[[\"INSERT INTO foo(id, name, data) VALUES(?, ?, x'0102')\", 1, \"fi<o>na\"]]");
            Cluster.await(Duration.ofSeconds(30), "the first event", () -> !bodies.isEmpty());
            String first = bodies.get(0);
            assertTrue(first.matches("\\{\"node_id\":\"1\",\"payload\":\\[\\{\"index\":\\d+,\"commit_timestamp\":"
                    + "\\d{13},\"events\":\\[\\{\"op\":\"INSERT\",\"table\":\"foo\",\"new_row_id\":1,\"after\":"
                    + "\\{\"data\":\"AQI=\",\"id\":1,\"name\":\"fi\\\\u003co\\\\u003ena\"}}]}]}"), first);

            node.execute("[\"UPDATE foo SET name = 'declan' WHERE id = 1\", \"DELETE FROM foo WHERE id = 1\"]");
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i < 500; i++) {
                many.append(i == 0 ? "" : ",").append("\"INSERT INTO foo(name) VALUES('n").append(i).append("')\"");
            }
            node.execute(many.append(']').toString());
            Cluster.await(Duration.ofSeconds(30), "502 events", () -> events().size() == 503);
            String changes = bodies.stream().filter(b -> b.contains("\"UPDATE\"")).findFirst().orElseThrow();
            assertTrue(changes.contains("{\"op\":\"UPDATE\",\"table\":\"foo\",\"new_row_id\":1,\"old_row_id\":1,"
                    + "\"before\":{\"data\":\"AQI=\",\"id\":1,\"name\":\"fi\\u003co\\u003ena\"},\"after\":{\"data\":"
                    + "\"AQI=\",\"id\":1,\"name\":\"declan\"}},{\"op\":\"DELETE\",\"table\":\"foo\",\"old_row_id\":1,"
                    + "\"before\":{\"data\":\"AQI=\",\"id\":1,\"name\":\"declan\"}}"), changes);
            List<String> inserts = events().subList(3, 503);
            assertEquals(1, inserts.stream().map(e -> e.split(" ")[0]).distinct().count(),
                    "500 inserts of one request are one index");

            Cluster.await(Duration.ofSeconds(30), "the FIFO trimmed below the high-water mark",
                    () -> statusNumber(node, "cdc.fifo.length") == 0);
            assertTrue(statusNumber(node, "cdc.highwater_mark") >= 3);
            String vars = node.get("/debug/vars").body();
            assertTrue(vars.contains("\"cdc-service\": {"), vars);
        }
    }

    @Test
    void aConfigFileFiltersTablesAndSendsRowIdsOnly() throws Exception {
        Path config = dir.resolve("cdc.json");
        Files.writeString(config, "{\"endpoint\": \"" + endpoint() + "\", \"service_id\": \"svc\","
                + " \"row_ids_only\": true, \"table_filter\": \"^keep\", \"max_batch_size\": 2}");
        try (NodeProcess node = new NodeProcess("1", dir.resolve("n1"), "-cdc-config", config.toString())) {
            node.start().awaitReady();
            node.execute("[\"CREATE TABLE keep (id INTEGER PRIMARY KEY, v)\", \"CREATE TABLE skip (v)\"]");
            node.execute("[\"INSERT INTO skip VALUES(1)\", \"INSERT INTO keep(v) VALUES(1)\"]");
            Cluster.await(Duration.ofSeconds(30), "the event", () -> !bodies.isEmpty());
            assertTrue(bodies.get(0).matches("\\{\"service_id\":\"svc\",\"node_id\":\"1\",\"payload\":\\[\\{"
                    + "\"index\":\\d+,\"commit_timestamp\":\\d+,\"events\":\\[\\{\"op\":\"INSERT\",\"table\":\"keep\","
                    + "\"new_row_id\":1}]}]}"), bodies.get(0));
        }
    }

    @Test
    void badConfigurationStopsTheNodeAtStartWithTheReason() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"endpoint\": \"" + endpoint() + "\", \"max_batch\": 3}");
        NodeProcess.Result unknownKey = NodeProcess.run("-cdc-config", config.toString(), dir.resolve("a").toString());
        assertEquals(1, unknownKey.exitCode());
        assertTrue(unknownKey.output().contains("cdc: unknown config key \"max_batch\""), unknownKey.output());
        NodeProcess.Result scheme = NodeProcess.run("-cdc-config", "ftp://127.0.0.1/x", dir.resolve("b").toString());
        assertEquals(1, scheme.exitCode());
        assertTrue(scheme.output().contains("cdc: unsupported scheme \"ftp\""), scheme.output());
        NodeProcess.Result nonVoter = NodeProcess.run("-cdc-config", endpoint(), "-raft-non-voter",
                dir.resolve("c").toString());
        assertEquals(1, nonVoter.exitCode());
        assertTrue(nonVoter.output().contains("CDC is not supported on non-voting nodes"), nonVoter.output());
    }

    @Test
    void threeNodesDeliverEveryChangeAtLeastOnceInOrderAcrossKillsAndAConsumerOutage() throws Exception {
        try (Cluster cluster = Cluster.start(3, "-cdc-config", endpoint())) {
            NodeProcess leader = cluster.leader();
            leader.execute("[\"CREATE TABLE w (id INTEGER PRIMARY KEY, v)\"]");
            for (int i = 1; i <= 30; i++) {
                leader.execute("[\"INSERT INTO w(id, v) VALUES(" + i + ", 1)\"]");
            }
            Cluster.await(Duration.ofSeconds(30), "30 events", () -> events().size() >= 30);
            List<String> happy = events();
            assertEquals(30, happy.size(), "exactly once while nothing fails: " + happy);
            assertEquals(30, new TreeSet<>(happy).size());

            down.set(true);
            int next = 31;
            for (; next <= 60; next++) {
                leader.execute("[\"INSERT INTO w(id, v) VALUES(" + next + ", 2)\"]");
            }
            Cluster.await(Duration.ofSeconds(30), "the consumer to refuse a batch", () -> refused.get() > 0);
            leader.kill();
            down.set(false);
            for (; next <= 90; next++) {
                executeSomewhere(cluster, "[\"INSERT INTO w(id, v) VALUES(" + next + ", 3)\"]");
            }
            leader.startWithoutJoin().awaitReady();
            Set<Long> expected = new TreeSet<>();
            for (long i = 1; i <= 90; i++) {
                expected.add(i);
            }
            Cluster.await(Duration.ofSeconds(60), "every change delivered", () -> rowIds().containsAll(expected));
            long lastIndex = 0;
            for (String e : events()) {
                long index = Long.parseLong(e.split(" ")[0]);
                assertTrue(index >= lastIndex || events().stream().filter(x -> x.equals(e)).count() > 1,
                        "in index order, duplicates only around the fault: " + events());
                lastIndex = Math.max(lastIndex, index);
            }
            for (NodeProcess node : cluster.nodes()) {
                Cluster.await(Duration.ofSeconds(30), "node " + node.nodeId() + " to trim its FIFO",
                        () -> statusNumber(node, "cdc.fifo.length") == 0
                                && statusNumber(node, "cdc.highwater_mark") > 0);
            }

            // every node killed at once while changes wait to be sent, and started again
            down.set(true);
            for (; next <= 100; next++) {
                executeSomewhere(cluster, "[\"INSERT INTO w(id, v) VALUES(" + next + ", 4)\"]");
            }
            for (NodeProcess node : cluster.nodes()) {
                node.kill();
            }
            down.set(false);
            for (NodeProcess node : cluster.nodes()) {
                node.startWithoutJoin();
            }
            for (NodeProcess node : cluster.nodes()) {
                node.awaitReady();
            }
            for (; next <= 110; next++) {
                executeSomewhere(cluster, "[\"INSERT INTO w(id, v) VALUES(" + next + ", 5)\"]");
            }
            for (long i = 91; i <= 110; i++) {
                expected.add(i);
            }
            Cluster.await(Duration.ofSeconds(60), "every change delivered after the restart of every node",
                    () -> rowIds().containsAll(expected));
        }
    }

    /** Executes on whichever live node takes it, while a new leader is being elected. */
    private static void executeSomewhere(Cluster cluster, String json) {
        Cluster.await(Duration.ofSeconds(60), "a node to take " + json, () -> {
            for (NodeProcess node : cluster.nodes()) {
                try {
                    if (node.isAlive()) {
                        node.execute(json);
                        return true;
                    }
                } catch (Exception | AssertionError notNow) {
                    // no leader yet, or this node cannot reach it
                }
            }
            return false;
        });
    }

    private Set<Long> rowIds() {
        Set<Long> ids = new TreeSet<>();
        for (String e : events()) {
            String[] parts = e.split(" ");
            if (parts[2].equals("w")) {
                ids.add(Long.parseLong(parts[3]));
            }
        }
        return ids;
    }
}
