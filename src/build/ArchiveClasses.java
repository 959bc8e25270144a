import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java src/build/ArchiveClasses.java bin/raftlited}: the build's last step (pom.xml, package phase). It starts
 * the node just built, once, as a new single node on free 127.0.0.1 ports, waits until it is ready, sends it a write
 * and a read, and stops it; the JVM writes the classes this loaded to {@code target/quarkus-app/app-cds.jsa}
 * (a dynamic AppCDS archive), which {@code bin/raftlited} then maps: a new node is ready about 0.7 s sooner on two
 * cores (3.3 s to 2.6 s). Quarkus' own archive ({@code quarkus.package.jar.appcds.enabled}) stops before the node
 * starts and names the jar by a relative path, so a launcher run from elsewhere could not use it.
 */
public class ArchiveClasses {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args.length > 0 ? args[0] : "bin/raftlited").toAbsolutePath();
        Path archive = launcher.getParent().resolveSibling("target/quarkus-app/app-cds.jsa");
        Files.deleteIfExists(archive);
        Path data = Files.createTempDirectory("raftlite-archive");
        int raft = freePortPair();
        int http = freePort();
        while (http == raft || http == raft + 1) {
            http = freePort();
        }
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "-http-addr", "127.0.0.1:" + http,
                "-raft-addr", "127.0.0.1:" + raft, data.resolve("node").toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("node.log").toFile());
        pb.environment().put("RAFTLITE_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive);
        Process node = pb.start();
        try {
            exercise("http://127.0.0.1:" + http);
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the node did not stop within 60 s");
            }
        } catch (Exception e) {
            System.err.println(Files.readString(data.resolve("node.log")));
            throw e;
        } finally {
            node.destroyForcibly();
            deleteTree(data);
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the JVM wrote no archive at " + archive);
        }
        System.out.printf("raftlite: %s (%d KiB)%n", archive, Files.size(archive) / 1024);
    }

    /** Ready, then the requests a client's first minute brings: a table, a row, a read. */
    private static void exercise(String base) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (status(client, HttpRequest.newBuilder(URI.create(base + "/readyz")).build()) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node was not ready within " + READY_WITHIN);
            }
            Thread.sleep(50);
        }
        String write = "[\"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)\", [\"INSERT INTO t(name) VALUES(?)\", \"a\"]]";
        for (var request : List.of(post(base + "/db/execute", write), post(base + "/db/query", "[\"SELECT * FROM t\"]"),
                HttpRequest.newBuilder(URI.create(base + "/db/query?q=SELECT%20*%20FROM%20t")).build())) {
            if (status(client, request) != 200) {
                throw new IllegalStateException(request.uri() + " failed");
            }
        }
    }

    private static HttpRequest post(String uri, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static int status(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port p such that p+1 is free too: Raft's failure detection (FD_SOCK2) listens on the next port. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 100; i++) {
            int p = freePort();
            try (ServerSocket next = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // another pair
            }
        }
        throw new IOException("no two free ports in a row on 127.0.0.1");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
