package org.raftlite.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A raftlite node as an operator runs it: {@code bin/raftlited} in its own process, on free 127.0.0.1 ports.
 * Closing it kills the process; every test that starts one closes it.
 */
public final class NodeProcess implements AutoCloseable {

    private static final String JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xshare:auto";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String nodeId;
    private final Path dataDir;
    private final int httpPort;
    private int raftPort;
    private String host = "127.0.0.1";
    private final List<String> extraArgs;
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    private final Path log;
    private Process process;

    /** How the node is launched: bin/raftlited, or the container entrypoint with its environment. */
    private List<String> launch = List.of(launcher().toString());

    /** Starts the node through the container entrypoint script, which adds id, addresses and data directory. */
    public NodeProcess throughEntrypoint() {
        launch = List.of(Path.of("src", "main", "docker", "entrypoint.sh").toAbsolutePath().toString());
        env.put("RAFTLITE_CMD", launcher().toString());
        env.put("NODE_ID", nodeId);
        env.put("HTTP_ADDR", httpAddress());
        env.put("HTTP_ADV_ADDR", httpAddress());
        env.put("RAFT_ADDR", raftAddress());
        env.put("RAFT_ADV_ADDR", raftAddress());
        env.put("DATA_DIR", dataDir.toString());
        return this;
    }

    public NodeProcess(String nodeId, Path dataDir, String... extraArgs) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.httpPort = FreePorts.one();
        this.raftPort = FreePorts.one();
        this.extraArgs = new ArrayList<>(List.of(extraArgs));
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /**
     * Listens on another loopback address (127.0.0.2, ...) with the given Raft port: DNS A records carry no port, so
     * nodes found through them share one, as the pods of a StatefulSet do.
     */
    public NodeProcess onHost(String loopbackHost, int sharedRaftPort) {
        this.host = loopbackHost;
        this.raftPort = sharedRaftPort;
        return this;
    }

    /** Runs on a host of {@link Namespaces}: launched through {@code prefix}, listening on {@code address}. */
    public NodeProcess inNamespace(List<String> prefix, String address) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(launch);
        launch = List.copyOf(command);
        this.host = address;
        return this;
    }

    /** Sets an environment variable for the next start. */
    public NodeProcess withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Adds flags for the next start, for flags that name other nodes' ports. */
    public NodeProcess withFlags(String... flags) {
        extraArgs.addAll(List.of(flags));
        return this;
    }

    public static Path launcher() {
        return Path.of(System.getProperty("raftlite.launcher", "bin/raftlited")).toAbsolutePath();
    }

    /** Runs the launcher with these arguments to completion and returns its exit code and output. */
    public static Result run(String... args) throws IOException, InterruptedException {
        return runWithJavaOptions(JAVA_OPTS, args);
    }

    /** The launcher with {@code RAFTLITE_JAVA_OPTS} set to {@code javaOptions}, to its end. */
    public static Result runWithJavaOptions(String javaOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RAFTLITE_JAVA_OPTS", javaOptions);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not exit: " + command);
        }
        return new Result(p.exitValue(), output);
    }

    public record Result(int exitCode, String output) {
    }

    public NodeProcess start() throws IOException {
        return start(extraArgs);
    }

    /** Starts again with the same flags less {@code -join}: a restart on the data directory alone. */
    public NodeProcess startWithoutJoin() throws IOException {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < extraArgs.size(); i++) {
            if (extraArgs.get(i).equals("-join")) {
                i++;
            } else {
                args.add(extraArgs.get(i));
            }
        }
        return start(args);
    }

    private NodeProcess start(List<String> flags) throws IOException {
        List<String> command = new ArrayList<>(launch);
        boolean direct = !env.containsKey("RAFTLITE_CMD");
        if (direct && nodeId != null) {
            command.addAll(List.of("-node-id", nodeId));
        }
        if (direct) {
            command.addAll(List.of("-http-addr", httpAddress(), "-raft-addr", raftAddress()));
        }
        command.addAll(flags);
        if (direct) {
            command.add(dataDir.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("RAFTLITE_JAVA_OPTS", JAVA_OPTS);
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    /** Polls /readyz until it answers 200, with a deadline generous enough for two noisy cores. */
    public NodeProcess awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get("/readyz").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // the HTTP server is not up yet
            }
            Thread.sleep(25);
        }
        throw new AssertionError("node not ready within 90s:\n" + logText());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with the Basic credentials of an {@code -auth} file's user. */
    public HttpResponse<String> postAs(String user, String password, String path, String json)
            throws IOException, InterruptedException {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        return HTTP.send(postRequest(path, json).header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder postRequest(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    public HttpResponse<String> delete(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("node did not exit:\n" + logText());
        }
        return process.exitValue();
    }

    /** POSTs to /db/execute and returns the body, failing on anything but a clean 200. */
    public String execute(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/db/execute", json);
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
            throw new AssertionError("execute failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/db/query?level=none", "[\"" + sql + "\"]");
        if (r.statusCode() != 200) {
            throw new AssertionError("query failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private URI uri(String path) {
        return URI.create("http://" + httpAddress() + path);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** /status, or an empty string when the node does not answer. */
    public String status() {
        try {
            return get("/status").body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /** /nodes with read replicas, or an empty string when the node does not answer. */
    public String nodesJson() {
        try {
            return get("/nodes?nonvoters").body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    public String raftAddress() {
        return host + ":" + raftPort;
    }

    public String httpAddress() {
        return host + ":" + httpPort;
    }

    public String nodeId() {
        return nodeId;
    }

    public int httpPort() {
        return httpPort;
    }

    public int raftPort() {
        return raftPort;
    }

    /** SIGTERM, and waits for the process to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("node did not stop on SIGTERM within 60s");
        }
    }

    /** The node's process id: the JVM's, since the launcher replaces itself with it. */
    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process stops without a word, so no connection reset tells its peers; {@link #resume} ends it. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, as {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String logText() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
