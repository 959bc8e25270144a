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
import org.raftlite.command.GoDuration;
import org.raftlite.store.HostPort;

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
            System.err.print(FlagParser.usage());
            System.exit(1);
            return;
        }
        if (parsed.isSet("version") && parsed.values().get("version").equals("true")) {
            System.out.println(versionLine());
            System.exit(0);
            return;
        }
        FlagConfigSource.install(configuration(parsed));
        Quarkus.run(args);
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
            String configValue = flag.type() == Flag.Type.DURATION
                    ? TimeUnit.NANOSECONDS.toMillis(GoDuration.parseNanos(value)) + "ms" : value;
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
