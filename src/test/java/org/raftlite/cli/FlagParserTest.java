package org.raftlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rqlited's command line in Go's flag syntax (API.md §7.1, §16). */
class FlagParserTest {

    @Test
    void goSyntaxVariants() throws Exception {
        FlagParser.Parsed p = FlagParser.parse("-node-id", "1", "--http-addr=127.0.0.1:4001", "-raft-addr",
                "127.0.0.1:4002", "--fk", "-raft-non-voter=false", "-raft-snap=1024", "-join-interval", "1s", "data");
        assertEquals("1", p.values().get("node-id"));
        assertEquals("127.0.0.1:4001", p.values().get("http-addr"));
        assertEquals("127.0.0.1:4002", p.values().get("raft-addr"));
        assertEquals("true", p.values().get("fk"));
        assertEquals("false", p.values().get("raft-non-voter"));
        assertEquals("1024", p.values().get("raft-snap"));
        assertEquals("data", p.dataDir());
    }

    @Test
    void booleansTakeGoSpellings() throws Exception {
        for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertEquals("true", FlagParser.parse("-fk=" + t, "d").values().get("fk"));
        }
        for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
            assertEquals("false", FlagParser.parse("-fk=" + f, "d").values().get("fk"));
        }
    }

    @Test
    void aBooleanDoesNotTakeTheNextArgument() {
        FlagParser.UsageException e = assertThrows(FlagParser.UsageException.class,
                () -> FlagParser.parse("-fk", "false", "data"));
        assertEquals("arguments after data directory (false) are not accepted (data)", e.getMessage());
        assertEquals(1, e.status);
    }

    @Test
    void flagsStopAtTheFirstNonFlagOrDoubleDash() throws Exception {
        assertEquals("-weird", FlagParser.parse("--", "-weird").dataDir());
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("data", "-fk"));
    }

    @Test
    void everyRqlitedFlagIsAccepted() throws Exception {
        List<String> args = new ArrayList<>();
        for (Flag flag : FlagTable.FLAGS.values()) {
            if (!flag.name().equals("version")) {
                args.add("-" + flag.name() + "=" + (flag.defaultValue().isEmpty() ? "x" : flag.defaultValue()));
            }
        }
        args.add("data");
        FlagParser.Parsed p = FlagParser.parse(args.toArray(String[]::new));
        assertEquals(FlagTable.FLAGS.size() - 1, p.values().size());
        for (String name : List.of("node-id", "http-addr", "http-adv-addr", "raft-addr", "raft-adv-addr", "join",
                "join-as", "join-attempts", "join-interval", "bootstrap-expect", "disco-mode", "disco-config",
                "disco-key", "raft-non-voter", "raft-snap", "raft-snap-int", "raft-cluster-remove-shutdown", "auth",
                "fk", "extensions-path", "http-cert", "http-key", "node-cert", "node-key", "cdc-config",
                "auto-backup", "auto-restore", "raft-log-level", "http-verify-client", "node-ca-cert",
                "node-no-verify", "node-verify-client", "node-verify-server-name", "node-verify-common-name",
                "http-verify-common-name", "http-ca-cert", "http-allow-origin", "raft-heartbeat-timeout",
                "raft-election-timeout", "raft-apply-timeout", "write-queue-capacity", "write-queue-batch-size",
                "write-queue-timeout", "write-queue-tx")) {
            assertTrue(FlagTable.FLAGS.containsKey(name), name);
        }
    }

    /** rqlited v10.2's cmd/rqlited/flags.toml, flag by flag: name, type, default ("-" for none). */
    private static final List<String> RQLITED_FLAGS = List.of(
            "version BOOL false",
            "node-id STRING -",
            "http-addr STRING localhost:4001",
            "http-adv-addr STRING -",
            "http-allow-origin STRING -",
            "http-cert STRING -",
            "http-key STRING -",
            "http-ca-cert STRING -",
            "http-verify-client BOOL false",
            "http-verify-common-name STRING -",
            "auth STRING -",
            "node-cert STRING -",
            "node-key STRING -",
            "node-ca-cert STRING -",
            "node-no-verify BOOL false",
            "node-verify-client BOOL false",
            "node-verify-server-name STRING -",
            "node-verify-common-name STRING -",
            "raft-addr STRING localhost:4002",
            "raft-adv-addr STRING -",
            "join STRING -",
            "join-attempts INT 5",
            "join-interval DURATION 3s",
            "join-as STRING -",
            "bootstrap-expect INT 0",
            "bootstrap-expect-timeout DURATION 120s",
            "raft-non-voter BOOL false",
            "cluster-connect-timeout DURATION 30s",
            "compress-snap-transport BOOL false",
            "disco-mode STRING -",
            "disco-key STRING rqlite",
            "disco-config STRING -",
            "raft-log-level STRING WARN",
            "raft-snap UINT 8192",
            "raft-snap-wal-size UINT 4194304",
            "raft-snap-int DURATION 10s",
            "raft-leader-lease-timeout DURATION 0s",
            "raft-heartbeat-timeout DURATION 1s",
            "raft-commit-timeout DURATION 50ms",
            "raft-election-timeout DURATION 1s",
            "raft-apply-timeout DURATION 10s",
            "raft-remove-shutdown BOOL false",
            "raft-cluster-remove-shutdown BOOL false",
            "raft-shutdown-stepdown BOOL true",
            "raft-reap-node-timeout DURATION 0h",
            "raft-reap-read-only-node-timeout DURATION 0h",
            "fk BOOL false",
            "db-max-ro-conns INT 256",
            "auto-vacuum-int DURATION 0s",
            "auto-optimize-int DURATION 24h",
            "extensions-path STRING -",
            "query-log STRING -",
            "write-queue-capacity INT 1024",
            "write-queue-batch-size INT 128",
            "write-queue-timeout DURATION 50ms",
            "write-queue-tx BOOL false",
            "auto-backup STRING -",
            "auto-restore STRING -",
            "cdc-config STRING -",
            "otlp-endpoint STRING -",
            "otlp-metrics-interval DURATION 30s",
            "otlp-insecure BOOL false",
            "otlp-no-verify BOOL false",
            "otlp-ca-cert STRING -",
            "otlp-cert STRING -",
            "otlp-key STRING -",
            "cpu-profile STRING -",
            "mem-profile STRING -",
            "trace-profile STRING -");

    @Test
    void theFlagTableIsRqlitedsFlagByFlag() {
        List<String> ours = FlagTable.FLAGS.values().stream()
                .map(f -> f.name() + " " + f.type() + " " + (f.defaultValue().isEmpty() ? "-" : f.defaultValue()))
                .sorted().toList();
        assertEquals(RQLITED_FLAGS.stream().sorted().toList(), ours);
    }

    @Test
    void commonNamesAreStringsThatTakeTheNextArgument() throws Exception {
        FlagParser.Parsed p = FlagParser.parse("-node-verify-common-name", "node.example", "-http-verify-common-name",
                "client", "data");
        assertEquals("node.example", p.values().get("node-verify-common-name"));
        assertEquals("client", p.values().get("http-verify-common-name"));
        assertEquals("data", p.dataDir());
    }

    @Test
    void unsignedFlagsTakeGoSpellingsAndRefuseNegatives() throws Exception {
        assertEquals("255", FlagParser.parse("-raft-snap=0xff", "d").values().get("raft-snap"));
        assertEquals("18446744073709551615",
                FlagParser.parse("-raft-snap=18446744073709551615", "d").values().get("raft-snap"));
        assertEquals("8", FlagParser.parse("-raft-snap=0o10", "d").values().get("raft-snap"));
        FlagParser.UsageException e = assertThrows(FlagParser.UsageException.class,
                () -> FlagParser.parse("-raft-snap=-1", "d"));
        assertEquals("invalid value \"-1\" for flag -raft-snap: parse error", e.getMessage());
        assertEquals(2, e.status);
        assertEquals("invalid value \"99999999999999999999\" for flag -join-attempts: value out of range",
                assertThrows(FlagParser.UsageException.class,
                        () -> FlagParser.parse("-join-attempts=99999999999999999999", "d")).getMessage());
    }

    @Test
    void securityFlagsStopTheNodeAndOthersNotBuiltAreNamed() throws Exception {
        assertEquals(null, Main.refusedSecurityFlags(FlagParser.parse("-node-no-verify", "-cdc-config", "x", "d")));
        assertEquals("fatal: failed to create CDC config: cdc: unsupported scheme \"ftp\"",
                Main.refusedCdcConfig(FlagParser.parse("-cdc-config", "ftp://host/x", "d")));
        assertEquals("fatal: CDC is not supported on non-voting nodes",
                Main.refusedCdcConfig(FlagParser.parse("-cdc-config", "stdout", "-raft-non-voter", "d")));
        assertEquals(null, Main.refusedCdcConfig(FlagParser.parse("-cdc-config", "stdout", "d")));
        String refused = Main.refusedSecurityFlags(FlagParser.parse("-node-cert", "c.pem", "-node-key", "k.pem",
                "-http-verify-client", "d"));
        assertTrue(refused.startsWith("fatal: -node-cert, -node-key, -http-verify-client: TLS is not supported"),
                refused);
        assertEquals(null, Main.refusedSecurityFlags(FlagParser.parse("-http-verify-client=false", "d")));
    }

    @Test
    void helpExitsZeroAndBadFlagsTwo() {
        assertEquals(0, assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-h")).status);
        assertEquals(2, assertThrows(FlagParser.UsageException.class,
                () -> FlagParser.parse("-no-such-flag", "d")).status);
        assertEquals("invalid boolean value \"maybe\" for -fk: parse error",
                assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-fk=maybe", "d")).getMessage());
        assertEquals("fatal: data directory path is required",
                assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-fk")).getMessage());
    }

    @Test
    void usageErrors() {
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-h"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-help"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-no-such-flag", "data"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-raft-snap=many", "data"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-join-interval=soon", "data"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-fk=maybe", "data"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-node-id"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("-node-id", "1"));
        assertThrows(FlagParser.UsageException.class, () -> FlagParser.parse("a", "b"));
    }

    @Test
    void flagsBecomeConfiguration() throws Exception {
        Map<String, String> config = Main.configuration(FlagParser.parse("-http-addr", "0.0.0.0:5001",
                "-raft-apply-timeout", "1m30s", "-fk", "-auth", "auth.json", "-cdc-config", "stdout", "-query-log", "stderr",
                "/var/data"));
        assertEquals("/var/data", config.get("raftlite.data-dir"));
        assertEquals("0.0.0.0", config.get("quarkus.http.host"));
        assertEquals("5001", config.get("quarkus.http.port"));
        assertEquals("0.0.0.0:5001", config.get("raftlite.http-addr"));
        assertEquals("90000ms", config.get("raftlite.raft-apply-timeout"));
        assertEquals("true", config.get("raftlite.fk"));
        assertEquals("auth.json", config.get("raftlite.auth"));
        assertEquals("stdout", config.get("raftlite.cdc-config"));
        assertEquals("-query-log", config.get("raftlite.flags-not-in-effect"));
    }
}
