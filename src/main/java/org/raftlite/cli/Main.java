package org.raftlite.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.raftlite.cdc.CdcConfig;
import org.raftlite.command.GoDuration;
import org.raftlite.cluster.HostPort;

/**
 * {@code raftlited [flags] <data directory>}: parses rqlited's command line before Quarkus starts and hands it to
 * Quarkus as configuration. Usage errors print usage and exit 1, as rqlited does.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        FlagParser.Parsed parsed;
        try {
            parsed = FlagParser.parse(args);
        } catch (FlagParser.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            if (e.status != 1) {
                System.err.print(FlagParser.usage());
            }
            System.exit(e.status);
            return;
        }
        String refused = refusedSecurityFlags(parsed);
        if (refused != null) {
            System.err.println(refused);
            System.exit(1);
            return;
        }
        String badCdc = refusedCdcConfig(parsed);
        if (badCdc != null) {
            System.err.println(badCdc);
            System.exit(1);
            return;
        }
        if (parsed.isSet("version") && parsed.values().get("version").equals("true")) {
            System.out.println(versionLine());
            System.exit(0);
            return;
        }
        Map<String, String> config = configuration(parsed);
        // /debug/vars reports the command line as expvar's cmdline does
        config.put("raftlite.cmdline", String.join("\u0000", args));
        FlagConfigSource.install(config);
        Quarkus.run(args);
    }

    /**
     * Why the node will not start, when a flag asks for protection this version does not give (TLS, certificates):
     * a node started without it would let its user believe traffic is protected when it is not. Null otherwise.
     */
    static String refusedSecurityFlags(FlagParser.Parsed parsed) {
        List<String> refused = parsed.values().entrySet().stream()
                .filter(e -> FlagTable.FLAGS.get(e.getKey()).security() && !e.getValue().isEmpty()
                        && !e.getValue().equals("false"))
                .map(e -> "-" + e.getKey()).toList();
        return refused.isEmpty() ? null : "fatal: " + String.join(", ", refused) + ": TLS is not supported by this "
                + "raftlite version; refusing to start rather than run without the protection asked for";
    }

    /** Why {@code -cdc-config} keeps the node from starting, as rqlited refuses it; null when it does not. */
    static String refusedCdcConfig(FlagParser.Parsed parsed) {
        String value = parsed.values().getOrDefault("cdc-config", "");
        if (value.isEmpty()) {
            return null;
        }
        if (parsed.values().getOrDefault("raft-non-voter", "false").equals("true")) {
            return "fatal: CDC is not supported on non-voting nodes";
        }
        try {
            CdcConfig.parse(value);
            return null;
        } catch (CdcConfig.Invalid e) {
            return "fatal: failed to create CDC config: " + e.getMessage();
        }
    }

    /** The configuration keys the given flags set, plus the list of flags accepted but not yet in effect. */
    static Map<String, String> configuration(FlagParser.Parsed parsed) {
        Map<String, String> config = new LinkedHashMap<>();
        List<String> notInEffect = new ArrayList<>();
        config.put("raftlite.data-dir", parsed.dataDir());
        parsed.values().forEach((name, value) -> {
            Flag flag = FlagTable.FLAGS.get(name);
            if (!flag.inEffect()) {
                if (!name.equals("version")) {
                    notInEffect.add("-" + name);
                }
                return;
            }
            String configValue = switch (flag.type()) {
                case DURATION -> TimeUnit.NANOSECONDS.toMillis(GoDuration.parseNanos(value)) + "ms";
                // a uint64 past Java's long means "never" wherever rqlite takes one
                case UINT -> new java.math.BigInteger(value).bitLength() < 64 ? value : Long.toString(Long.MAX_VALUE);
                default -> value;
            };
            flag.keys().forEach(key -> config.put(key, configValue));
        });
        String httpAddr = parsed.values().getOrDefault("http-addr", FlagTable.FLAGS.get("http-addr").defaultValue());
        HostPort http = HostPort.parse(httpAddr);
        config.put("quarkus.http.host", http.host());
        config.put("quarkus.http.port", Integer.toString(http.port()));
        config.put("raftlite.flags-not-in-effect", String.join(" ", notInEffect));
        return config;
    }

    static String versionLine() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/raftlite-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // versions stay unknown
        }
        return "raftlited " + p.getProperty("api.version", "unknown") + " " + System.getProperty("os.name")
                .toLowerCase() + " " + System.getProperty("os.arch") + " java" + Runtime.version().feature()
                + " (raftlite " + p.getProperty("raftlite.version", "unknown") + ")";
    }
}
