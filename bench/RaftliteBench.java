import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * raftlite's load generator: starts a three-node cluster of bin/raftlited on this machine (or uses --leader and
 * --follower URLs), runs rqlite-style scenarios for a fixed time each, prints ops/s, p50, p99, errors and the
 * nodes' CPU time per operation (steadier than ops/s when the machine's speed changes), and writes
 * the figures as JSON; also how long a node takes to start and how long after {@code kill -9} of the leader a
 * survivor acknowledges a write. Run from the project root after a build:
 * <pre>
 *   mvn -q package -DskipTests
 *   java bench/RaftliteBench.java [--seconds 10] [--runs 3] [--warmup 10] [--only insert] [--out bench/results.json]
 * </pre>
 * Speed is measured here, never asserted in a test.
 */
public class RaftliteBench {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Result> results = new ArrayList<>();
        Machine before = Machine.measure();
        System.out.println("machine before: " + before);
        if (Scenario.all().stream().anyMatch(s -> options.selects(s.name))) {
            runScenarios(options, results);
        }
        if (options.selects("startup") && !options.tracing) {
            results.add(Startup.measure(options.launcher, options.runs));
            Report.printLast(results);
        }
        if (options.selects("failover") && !options.tracing) {
            results.add(Failover.measure(options.launcher, Math.max(3, options.runs)));
            Report.printLast(results);
        }
        Machine after = Machine.measure();
        System.out.println("machine after: " + after);
        Report.write(results, options, before, after);
    }

    /** The load scenarios, on one cluster (started here unless --leader names one). */
    private static void runScenarios(Options options, List<Result> results) throws Exception {
        try (Receiver sink = options.tracing ? Receiver.start("OTLP sink", "/") : null;
             Receiver consumer = options.cdc ? Receiver.start("CDC consumer", "/cdc") : null;
             LocalCluster cluster = options.leader == null ? LocalCluster.start(options.launcher,
                     sink == null ? Map.of() : sink.otlpEnvironment(),
                     consumer == null ? List.of() : List.of("-cdc-config", consumer.url())) : null) {
            String leader = options.leader != null ? options.leader : cluster.leaderUrl();
            String follower = options.follower != null ? options.follower : cluster.followerUrl(leader);
            Load load = new Load(leader, follower, cluster == null ? () -> -1 : cluster::cpuNanos);
            load.prepare();
            load.warmUpCluster(options.clusterWarmup);
            long termBefore = cluster == null ? -1 : cluster.term();
            for (Scenario scenario : Scenario.all()) {
                if (!options.selects(scenario.name)) {
                    continue;
                }
                load.warmUp(scenario, options.warmup);
                results.add(Result.medianOf(scenario, load.run(scenario, options.seconds, options.runs)));
                Report.printLast(results);
            }
            if (cluster != null) {
                // a healthy cluster under load must not hold elections: every one is a new Raft term
                System.out.println("elections during the scenarios: " + (cluster.term() - termBefore));
            }
        }
    }

    /**
     * How fast this machine is at the moment, measured before and after the scenarios: these shared machines change
     * speed by 2-3x within minutes, and two result files compare only alongside these figures.
     *
     * @param fdatasyncP50Millis a 4 KiB write and fdatasync in the temporary directory, where the nodes keep their data
     * @param cpuMillis          a fixed amount of hashing on one core
     * @param loopbackP50Micros  a one-byte TCP round trip over 127.0.0.1 between two threads: the system calls,
     *                           wake-ups and loopback delivery that every request here costs several of
     */
    record Machine(double fdatasyncP50Millis, double cpuMillis, double loopbackP50Micros) {
        static Machine measure() throws Exception {
            Path file = Files.createTempFile("bench-fsync", ".bin");
            long[] syncs = new long[200];
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(4096);
                for (int i = 0; i < syncs.length; i++) {
                    page.clear();
                    ch.write(page, (i % 16) * 4096L);
                    long start = System.nanoTime();
                    ch.force(false);
                    syncs[i] = System.nanoTime() - start;
                }
            } finally {
                Files.deleteIfExists(file);
            }
            Arrays.sort(syncs);
            return new Machine(syncs[syncs.length / 2] / 1e6, hashingMillis(), loopbackMicros());
        }

        /** The best of five rounds, so that a moment's preemption does not count. */
        private static double hashingMillis() throws Exception {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1 << 20];
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 16; i++) {
                    block[0] = sha.digest(block)[0];
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            return best / 1e6;
        }

        private static double loopbackMicros() throws Exception {
            try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Thread echo = new Thread(() -> {
                    try (Socket s = server.accept()) {
                        s.setTcpNoDelay(true);
                        var in = s.getInputStream();
                        var out = s.getOutputStream();
                        for (int b = in.read(); b >= 0; b = in.read()) {
                            out.write(b);
                        }
                    } catch (IOException e) {
                        // the measuring side has closed the connection
                    }
                });
                echo.start();
                long[] trips = new long[2000];
                try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    s.setTcpNoDelay(true);
                    var in = s.getInputStream();
                    var out = s.getOutputStream();
                    for (int i = 0; i < trips.length; i++) {
                        long start = System.nanoTime();
                        out.write(1);
                        in.read();
                        trips[i] = System.nanoTime() - start;
                    }
                }
                echo.join();
                Arrays.sort(trips);
                return trips[trips.length / 2] / 1e3;
            }
        }

        String asJson() {
            return String.format(Locale.ROOT, "{\"fdatasync_p50_ms\": %.3f, \"cpu_sha256_16mib_ms\": %.1f, "
                    + "\"loopback_rtt_p50_us\": %.1f}", fdatasyncP50Millis, cpuMillis, loopbackP50Micros);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "fdatasync p50 %.3f ms, SHA-256 of 16 MiB %.1f ms, loopback round trip "
                    + "p50 %.1f us", fdatasyncP50Millis, cpuMillis, loopbackP50Micros);
        }
    }

    /** Command-line options. */
    static final class Options {
        int seconds = 10;
        int runs = 3;
        int warmup = 10;
        int clusterWarmup = 30;
        List<String> only;
        boolean tracing;
        boolean cdc;
        String leader;
        String follower;
        Path out = Path.of("bench", "results.json");
        Path launcher = Path.of("bin", "raftlited").toAbsolutePath();

        /** Whether a scenario runs: all of them, or those whose name contains one of {@code --only}'s words. */
        boolean selects(String scenario) {
            return only == null || only.stream().anyMatch(scenario::contains);
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seconds" -> o.seconds = Integer.parseInt(args[++i]);
                    case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--cluster-warmup" -> o.clusterWarmup = Integer.parseInt(args[++i]);
                    case "--only" -> o.only = List.of(args[++i].split(","));
                    case "--tracing" -> o.tracing = true;
                    case "--cdc" -> o.cdc = true;
                    case "--leader" -> o.leader = args[++i];
                    case "--follower" -> o.follower = args[++i];
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--launcher" -> o.launcher = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --seconds N --runs N --warmup N --cluster-warmup N --only NAME[,NAME]"
                            + " --tracing --cdc --leader URL --follower URL --out FILE --launcher FILE");
                }
            }
            return o;
        }
    }

    /** What one scenario sends: to which node, how many rows per request, at how many connections. */
    record Scenario(String name, Kind kind, int connections, int rowsPerRequest) {
        enum Kind { INSERT, BATCH, QUEUED, READ_WEAK, READ_NONE }

        static List<Scenario> all() {
            return List.of(
                    new Scenario("insert-1", Kind.INSERT, 1, 1),
                    new Scenario("insert-8", Kind.INSERT, 8, 1),
                    new Scenario("insert-64", Kind.INSERT, 64, 1),
                    new Scenario("batch100-1", Kind.BATCH, 1, 100),
                    new Scenario("batch100-8", Kind.BATCH, 8, 100),
                    new Scenario("queued-8", Kind.QUEUED, 8, 1),
                    new Scenario("read-weak-leader-1", Kind.READ_WEAK, 1, 1),
                    new Scenario("read-weak-leader-8", Kind.READ_WEAK, 8, 1),
                    new Scenario("read-none-follower-1", Kind.READ_NONE, 1, 1),
                    new Scenario("read-none-follower-8", Kind.READ_NONE, 8, 1));
        }
    }

    /**
     * One run's figures.
     *
     * @param cpuNanos the CPU time the nodes spent during the run (user and system, all three), -1 when they are
     *                 not this benchmark's processes
     */
    record Run(long ops, long errors, double seconds, long[] latenciesNanos, long cpuNanos) {

        /** The nodes' CPU per operation: steadier than throughput on a machine whose speed comes and goes. */
        double cpuMicrosPerOp() {
            return cpuNanos < 0 || ops == 0 ? -1 : cpuNanos / 1e3 / ops;
        }
    }

    /** A scenario's figures: the median run by throughput, with its latencies. */
    record Result(String name, int connections, int rowsPerRequest, double opsPerSecond, double rowsPerSecond,
                  double p50Millis, double p99Millis, long errors, List<Double> allRunsOpsPerSecond,
                  Map<String, Object> extra) {

        static Result medianOf(Scenario s, List<Run> runs) {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(r -> r.ops / r.seconds));
            Run median = sorted.get(sorted.size() / 2);
            long[] lat = median.latenciesNanos.clone();
            Arrays.sort(lat);
            double ops = median.ops / median.seconds;
            Map<String, Object> extra = new LinkedHashMap<>();
            List<Double> cpu = runs.stream().map(Run::cpuMicrosPerOp).sorted().toList();
            if (cpu.get(0) >= 0) {
                extra.put("cpu_us_per_op_median", round(cpu.get(cpu.size() / 2)));
                extra.put("cpu_us_per_op_runs", runs.stream().map(r -> round(r.cpuMicrosPerOp())).toList());
            }
            return new Result(s.name, s.connections, s.rowsPerRequest, ops, ops * s.rowsPerRequest,
                    percentile(lat, 0.50), percentile(lat, 0.99), median.errors,
                    runs.stream().map(r -> r.ops / r.seconds).toList(), extra);
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    /** Sends a scenario's requests from its connections until the time is up. */
    static final class Load {
        private final String leader;
        private final java.util.function.LongSupplier cpuNanos;
        private final String follower;
        private final AtomicLong ids = new AtomicLong();

        Load(String leader, String follower, java.util.function.LongSupplier cpuNanos) {
            this.cpuNanos = cpuNanos;
            this.leader = leader;
            this.follower = follower;
        }

        void prepare() throws Exception {
            post(leader + "/db/execute", "[\"CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, "
                    + "name TEXT, value INTEGER)\", \"INSERT OR REPLACE INTO bench(id, name, value) "
                    + "VALUES(0, 'seed', 0)\"]");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !send(follower + "/db/query?level=none",
                    "[\"SELECT id FROM bench WHERE id = 0\"]").contains("\"values\"")) {
                Thread.sleep(50);
            }
        }

        /**
         * Runs the scenario once, unrecorded. The JVM compiles the paths a new kind of load takes for the first
         * tens of seconds, and on two cores its compiler takes CPU from the nodes: without this the first runs
         * measure the compiler.
         */
        /**
         * Writes and reads at 8 connections, unrecorded, before the first scenario: a new node's JIT compiles the
         * write and read paths for about a minute on two busy cores, and the first scenarios measured that instead
         * (insert-1 runs of 400, 554 and 801 ops/s one after the other; insert-64 first on a new cluster ~2.5k ops/s,
         * after insert-8 8.2k).
         */
        void warmUpCluster(int seconds) throws Exception {
            for (Scenario scenario : Scenario.all()) {
                if (seconds > 0 && scenario.connections == 8 && scenario.rowsPerRequest == 1
                        && (scenario.kind == Scenario.Kind.INSERT || scenario.kind == Scenario.Kind.READ_WEAK)) {
                    warmUp(scenario, seconds);
                }
            }
        }

        void warmUp(Scenario scenario, int seconds) throws Exception {
            if (seconds > 0) {
                once(scenario, seconds);
                settle(scenario);
            }
        }

        List<Run> run(Scenario scenario, int seconds, int runs) throws Exception {
            List<Run> result = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                result.add(once(scenario, seconds));
                settle(scenario);
            }
            return result;
        }

        /**
         * Waits, outside the measured time, until every write a queued run was acknowledged for is applied: its
         * backlog would otherwise still be going through Raft and SQLite while the next run is measured.
         */
        private void settle(Scenario scenario) throws IOException {
            if (scenario.kind == Scenario.Kind.QUEUED) {
                String answer = send(leader + "/db/execute?queue&wait&timeout=120s", "[]");
                closeConnections();
                if (!answer.startsWith("{\"results\":[]")) {
                    throw new IllegalStateException("flushing the write queue answered " + answer);
                }
            }
        }

        private Run once(Scenario scenario, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong errors = new AtomicLong();
            long[] counts = new long[scenario.connections];
            List<long[][]> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            long cpuBefore = cpuNanos.getAsLong();
            for (int c = 0; c < scenario.connections; c++) {
                int connection = c;
                long[][] holder = new long[1][];
                latencies.add(holder);
                Thread t = new Thread(() -> holder[0] = loop(scenario, end, errors, counts, connection));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = cpuBefore < 0 ? -1 : cpuNanos.getAsLong() - cpuBefore;
            long ops = Arrays.stream(counts).sum();
            long[] all = latencies.stream().flatMapToLong(h -> Arrays.stream(h[0])).toArray();
            return new Run(ops, errors.get(), elapsed, all, cpu);
        }

        private long[] loop(Scenario s, long end, AtomicLong errors, long[] counts, int connection) {
            long[] latencies = new long[1 << 16];
            int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    ok = once(s);
                } catch (IOException e) {
                    ok = false;
                }
                long took = System.nanoTime() - t0;
                if (!ok) {
                    errors.incrementAndGet();
                    continue;
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = took;
                counts[connection]++;
            }
            closeConnections();
            return Arrays.copyOf(latencies, n);
        }

        private void closeConnections() {
            for (KeepAlive c : connections.get().values()) {
                try {
                    c.close();
                } catch (IOException e) {
                    // the run is over; a connection that will not close leaks nothing past this process
                }
            }
            connections.get().clear();
        }

        private boolean once(Scenario s) throws IOException {
            return switch (s.kind) {
                case INSERT -> ok(send(leader + "/db/execute", insert(1)));
                case BATCH -> ok(send(leader + "/db/execute", insert(s.rowsPerRequest)));
                case QUEUED -> send(leader + "/db/execute?queue", insert(1)).startsWith("{\"results\":[");
                case READ_WEAK -> ok(send(leader + "/db/query?level=weak", "[[\"SELECT * FROM bench WHERE id = ?\", 0]]"));
                case READ_NONE -> ok(send(follower + "/db/query?level=none",
                        "[[\"SELECT * FROM bench WHERE id = ?\", 0]]"));
            };
        }

        /** One single-row insert through {@code url}; whether it was acknowledged. */
        boolean writeOnce(String url) {
            try {
                return ok(send(url + "/db/execute", insert(1)));
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean ok(String body) {
            return body.startsWith("{\"results\":[{") && !body.contains("\"error\"");
        }

        private String insert(int rows) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < rows; i++) {
                long id = ids.incrementAndGet();
                body.append(i == 0 ? "" : ",").append("[\"INSERT INTO bench(name, value) VALUES(?, ?)\", \"row-")
                        .append(id).append("\", ").append(id).append(']');
            }
            return body.append(']').toString();
        }

        private final ThreadLocal<Map<String, KeepAlive>> connections = ThreadLocal.withInitial(HashMap::new);

        /**
         * One POST on this thread's kept-alive connection to the URL's host; "" when the answer is not 200. A plain
         * socket rather than HttpURLConnection or the JDK HttpClient: on two cores every microsecond the load
         * generator spends is taken from the nodes it measures.
         */
        private String send(String url, String json) throws IOException {
            URI uri = URI.create(url);
            String hostPort = uri.getHost() + ":" + uri.getPort();
            KeepAlive c = connections.get().get(hostPort);
            if (c == null) {
                c = new KeepAlive(uri.getHost(), uri.getPort());
                connections.get().put(hostPort, c);
            }
            try {
                return c.post(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), json);
            } catch (IOException e) {
                c.close();
                connections.get().remove(hostPort);
                throw e;
            }
        }

        private void post(String url, String json) throws Exception {
            String body = send(url, json);
            if (!ok(body)) {
                throw new IllegalStateException(url + " answered " + body);
            }
        }
    }

    /** An HTTP/1.1 connection that is kept open: writes a POST, reads the status line, headers and body. */
    static final class KeepAlive implements AutoCloseable {
        private final Socket socket;
        private final String host;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;

        KeepAlive(String host, int port) throws IOException {
            this.socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            this.host = host + ":" + port;
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            this.in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
        }

        String post(String target, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String answer = new String(chunked ? chunks() : in.readNBytes(Math.max(length, 0)), StandardCharsets.UTF_8);
            return status.startsWith("HTTP/1.1 200") ? answer : "";
        }

        private byte[] chunks() throws IOException {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                all.write(in.readNBytes(size));
                line();
            }
            line();
            return all.toByteArray();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by " + host);
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Launch to first /readyz 200 of a new single node, and its resident memory then. */
    static final class Startup {
        static Result measure(Path launcher, int runs) throws Exception {
            List<Double> seconds = new ArrayList<>();
            List<Long> rss = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                try (Node node = Node.start(launcher, "1", List.of(), Files.createTempDirectory("bench-startup"),
                        Map.of())) {
                    Instant t0 = node.launched;
                    node.awaitReady();
                    seconds.add(Duration.between(t0, Instant.now()).toMillis() / 1000.0);
                    rss.add(node.rssKiB());
                }
            }
            double median = Startup.median(seconds);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("ready_seconds_median", median);
            extra.put("ready_seconds_runs", seconds);
            extra.put("rss_mib_runs", rss.stream().map(k -> k / 1024.0).toList());
            return new Result("startup", 0, 0, 0, 0, median * 1000, median * 1000, 0, List.of(), extra);
        }

        static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * kill -9 of the leader of a fresh three-node cluster while a client writes, one row at a time, to a follower
     * that survives: the time from the kill to the acknowledgement of the first write sent after it, per run (a new
     * cluster each time), and their median.
     */
    static final class Failover {
        static Result measure(Path launcher, int runs) throws Exception {
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                try (LocalCluster cluster = LocalCluster.start(launcher, Map.of(), List.of())) {
                    seconds.add(once(cluster));
                }
            }
            double median = Startup.median(seconds);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("first_ack_seconds_median", median);
            extra.put("first_ack_seconds_runs", seconds);
            return new Result("failover", 1, 0, 0, 0, median * 1000, median * 1000, 0, List.of(), extra);
        }

        private static double once(LocalCluster cluster) throws Exception {
            String leaderUrl = cluster.leaderUrl();
            Load load = new Load(leaderUrl, cluster.followerUrl(leaderUrl), () -> -1);
            load.prepare();
            Node leader = cluster.nodes.stream().filter(n -> n.url().equals(leaderUrl)).findFirst().orElseThrow();
            String survivor = cluster.followerUrl(leaderUrl);
            long killed = System.nanoTime();
            leader.process.destroyForcibly().waitFor();
            long deadline = killed + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (load.writeOnce(survivor)) {
                    return (System.nanoTime() - killed) / 1e9;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no write acknowledged within 60 s of killing the leader");
        }
    }

    /** One bin/raftlited process with its data directory. */
    static final class Node implements AutoCloseable {
        final int httpPort;
        final int raftPort;
        final Process process;
        final Path dir;
        final Instant launched;

        private Node(int httpPort, int raftPort, Process process, Path dir, Instant launched) {
            this.httpPort = httpPort;
            this.raftPort = raftPort;
            this.process = process;
            this.dir = dir;
            this.launched = launched;
        }

        static Node start(Path launcher, String id, List<String> flags, Path dir, Map<String, String> env)
                throws IOException {
            int http = freePort();
            int raft = freePort();
            List<String> command = new ArrayList<>(List.of(launcher.toString(), "-node-id", id, "-http-addr",
                    "127.0.0.1:" + http, "-raft-addr", "127.0.0.1:" + raft));
            command.addAll(flags);
            command.add(dir.resolve("data").toString());
            Instant t0 = Instant.now();
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node.log").toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new Node(http, raft, p, dir, t0);
        }

        String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        void awaitReady() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                try {
                    if (client.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            List<String> log = Files.readAllLines(dir.resolve("node.log"));
            throw new IllegalStateException("node on port " + httpPort + " not ready in 90 s; the end of its log:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
        }

        /** User and system CPU of the node's JVM ({@code bin/raftlited} execs it, so it keeps this pid). */
        long cpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException unreadable) {
                return -1;
            }
        }

        long rssKiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            // SIGTERM first, so that what the JVM writes at exit (a flight recording named in
            // RAFTLITE_JAVA_OPTS) is written.
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }

        /** Ports the benchmark handed out; none is handed out twice, so a node's port stays its own. */
        private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

        /**
         * A free port below the kernel's ephemeral range (as the tests' FreePorts): a port from that range can be
         * taken meanwhile as the source port of a connection between the nodes, and its node then fails to bind it.
         */
        private static int freePort() throws IOException {
            for (int attempt = 0; attempt < 1000; attempt++) {
                int p = java.util.concurrent.ThreadLocalRandom.current().nextInt(15000, 32000);
                if (GIVEN.contains(p)) {
                    continue;
                }
                try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    GIVEN.add(p);
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
            throw new IOException("no free port below the ephemeral range");
        }
    }

    /** Three nodes on this machine: node 1 bootstraps, 2 and 3 join it. */
    static final class LocalCluster implements AutoCloseable {
        private final List<Node> nodes = new ArrayList<>();

        static LocalCluster start(Path launcher, Map<String, String> env, List<String> flags) throws Exception {
            LocalCluster c = new LocalCluster();
            try {
                Node first = Node.start(launcher, "1", flags, Files.createTempDirectory("bench-node1"), env);
                c.nodes.add(first);
                first.awaitReady();
                for (int i = 2; i <= 3; i++) {
                    List<String> joining = new ArrayList<>(flags);
                    joining.addAll(List.of("-join", "127.0.0.1:" + first.raftPort));
                    c.nodes.add(Node.start(launcher, Integer.toString(i), joining,
                            Files.createTempDirectory("bench-node" + i), env));
                }
                for (Node n : c.nodes) {
                    n.awaitReady();
                }
                return c;
            } catch (Exception e) {
                c.close();
                throw e;
            }
        }

        String leaderUrl() throws Exception {
            for (Node n : nodes) {
                if (raftStatus(n).contains("\"state\":\"Leader\"")) {
                    return n.url();
                }
            }
            throw new IllegalStateException("no leader");
        }

        /** The highest Raft term any node reports. */
        long term() throws Exception {
            long term = -1;
            for (Node n : nodes) {
                java.util.regex.Matcher m = TERM.matcher(raftStatus(n));
                if (m.find()) {
                    term = Math.max(term, Long.parseLong(m.group(1)));
                }
            }
            return term;
        }

        private static final java.util.regex.Pattern TERM = java.util.regex.Pattern.compile("\"term\":(\\d+)");
        private static final HttpClient STATUS = HttpClient.newHttpClient();

        private static String raftStatus(Node n) throws Exception {
            return STATUS.send(HttpRequest.newBuilder(URI.create(n.url() + "/status?key=store.raft")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        /** The CPU time all nodes have used since they started, from {@code /proc}; -1 where it cannot be read. */
        long cpuNanos() {
            long total = 0;
            for (Node n : nodes) {
                long ticks = n.cpuTicks();
                if (ticks < 0) {
                    return -1;
                }
                total += ticks;
            }
            return total * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        }

        /** {@code /proc}'s unit of CPU time, USER_HZ: 100 on every Linux this runs on. */
        private static final long CLOCK_TICKS_PER_SECOND = 100;

        String followerUrl(String leader) {
            return nodes.stream().map(Node::url).filter(u -> !u.equals(leader)).findFirst().orElseThrow();
        }

        @Override
        public void close() throws InterruptedException {
            for (Node n : nodes) {
                n.close();
            }
        }
    }

    /**
     * An HTTP endpoint on 127.0.0.1 that takes and drops what the nodes send it, answering 200: with
     * {@code --tracing} the OTLP/HTTP endpoint the nodes export every trace and metric to (100% sampling), as they
     * would to a collector; with {@code --cdc} the CDC consumer every node is started with ({@code -cdc-config}),
     * a quick one, so that what is measured is the nodes' cost of capturing and sending.
     */
    static final class Receiver implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final String name;
        private final String path;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong posts = new AtomicLong();

        private Receiver(com.sun.net.httpserver.HttpServer server, String name, String path) {
            this.server = server;
            this.name = name;
            this.path = path;
        }

        static Receiver start(String name, String path) throws IOException {
            var server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server, name, path);
            server.createContext(path, exchange -> {
                receiver.bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
                receiver.posts.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        Map<String, String> otlpEnvironment() {
            return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            System.out.printf(Locale.ROOT, "%s received %d requests, %.1f MiB%n", name, posts.get(),
                    bytes.get() / 1048576.0);
            server.stop(0);
        }
    }

    /** The table on stdout and the JSON file. */
    static final class Report {
        static void printLast(List<Result> results) {
            if (results.size() == 1) {
                System.out.printf("%-22s %6s %12s %12s %10s %10s %8s %11s%n", "scenario", "conns", "ops/s", "rows/s",
                        "p50 ms", "p99 ms", "errors", "cpu us/op");
            }
            Result r = results.get(results.size() - 1);
            if (r.name.equals("startup")) {
                System.out.printf(Locale.ROOT, "%-22s ready in %.2f s (median), RSS %s MiB%n", r.name,
                        r.extra.get("ready_seconds_median"), r.extra.get("rss_mib_runs"));
                return;
            }
            if (r.name.equals("failover")) {
                System.out.printf(Locale.ROOT, "%-22s first write acknowledged %.3f s after kill -9 of the leader "
                        + "(median; runs %s s)%n", r.name, r.extra.get("first_ack_seconds_median"),
                        r.extra.get("first_ack_seconds_runs"));
                return;
            }
            System.out.printf(Locale.ROOT, "%-22s %6d %12.1f %12.1f %10.2f %10.2f %8d %11s%n", r.name,
                    r.connections, r.opsPerSecond, r.rowsPerSecond, r.p50Millis, r.p99Millis, r.errors,
                    r.extra.getOrDefault("cpu_us_per_op_median", "-"));
        }

        static void write(List<Result> results, Options options, Machine before, Machine after)
                throws IOException {
            StringBuilder json = new StringBuilder("{\n  \"when\": \"").append(Instant.now())
                    .append("\",\n  \"warmup_seconds_per_scenario\": ").append(options.warmup)
                    .append(",\n  \"seconds_per_run\": ").append(options.seconds).append(",\n  \"runs\": ")
                    .append(options.runs).append(",\n  \"tracing\": ").append(options.tracing)
                .append(",\n  \"cdc\": ").append(options.cdc)
                    .append(",\n  \"cpus\": ").append(Runtime.getRuntime().availableProcessors())
                    .append(",\n  \"machine_before\": ").append(before.asJson())
                    .append(",\n  \"machine_after\": ").append(after.asJson())
                    .append(",\n  \"scenarios\": [\n");
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                json.append(String.format(Locale.ROOT, "    {\"name\": \"%s\", \"connections\": %d, "
                                + "\"rows_per_request\": %d, \"ops_per_second\": %.1f, \"rows_per_second\": %.1f, "
                                + "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"errors\": %d, \"runs_ops_per_second\": %s, "
                                + "\"extra\": %s}%s%n", r.name, r.connections, r.rowsPerRequest, r.opsPerSecond,
                        r.rowsPerSecond, r.p50Millis, r.p99Millis, r.errors, r.allRunsOpsPerSecond, json(r.extra),
                        i + 1 < results.size() ? "," : ""));
            }
            json.append("  ]\n}\n");
            if (options.out.getParent() != null) {
                Files.createDirectories(options.out.getParent());
            }
            Files.writeString(options.out, json);
            System.out.println("wrote " + options.out);
        }

        private static String json(Map<String, Object> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                    .append(v));
            return out.append('}').toString();
        }
    }
}
