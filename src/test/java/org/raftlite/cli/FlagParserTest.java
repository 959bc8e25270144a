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
        assertTrue(e.getMessage().contains("only one data directory"));
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
                "-raft-apply-timeout", "1m30s", "-fk", "-auth", "auth.json", "-cdc-config", "stdout", "/var/data"));
        assertEquals("/var/data", config.get("raftlite.data-dir"));
        assertEquals("0.0.0.0", config.get("quarkus.http.host"));
        assertEquals("5001", config.get("quarkus.http.port"));
        assertEquals("0.0.0.0:5001", config.get("raftlite.http-addr"));
        assertEquals("90000ms", config.get("raftlite.raft-apply-timeout"));
        assertEquals("true", config.get("raftlite.fk"));
        assertEquals("auth.json", config.get("raftlite.auth"));
        assertEquals("-cdc-config", config.get("raftlite.flags-not-in-effect"));
    }
}
