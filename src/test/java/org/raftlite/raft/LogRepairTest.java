package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgroups-raft's own log, as a follower leaves it after installing a snapshot: reopened without the repair it reads
 * as empty; with it, it starts at the snapshot's index and keeps what was appended after.
 */
class LogRepairTest {

    @TempDir
    Path dir;

    @Test
    void entriesAppendedAfterAnInstalledSnapshotSurviveARestart() throws Exception {
        FileBasedLog log = open();
        log.reinitializeTo(5, new LogEntry(2, null));
        log.append(6, new LogEntries().add(new LogEntry(2, bytes("six"))));
        log.commitIndex(6);
        log.close();

        LogRepair.repair(logDir());
        FileBasedLog again = open();
        assertEquals(5, again.firstAppended());
        assertEquals(6, again.lastAppended());
        assertEquals(2, again.get(5).term());
        assertArrayEquals(bytes("six"), again.get(6).command());
        again.close();
    }

    @Test
    void aLogLeftEmptyByTheInstallStartsAtTheCommitIndex() throws Exception {
        FileBasedLog log = open();
        log.reinitializeTo(5, new LogEntry(2, null));
        log.close();

        LogRepair.repair(logDir());
        FileBasedLog again = open();
        assertEquals(5, again.firstAppended());
        assertNotNull(again.get(5));
        again.append(6, new LogEntries().add(new LogEntry(2, bytes("next"))));
        assertArrayEquals(bytes("next"), again.get(6).command());
        again.close();
    }

    @Test
    void aHealthyLogIsLeftAsItIs() throws Exception {
        FileBasedLog log = open();
        log.append(1, new LogEntries().add(new LogEntry(1, bytes("one")), new LogEntry(1, bytes("two"))));
        log.close();
        byte[] before = Files.readAllBytes(logDir().resolve("entries.raft"));

        LogRepair.repair(logDir());
        assertArrayEquals(before, Files.readAllBytes(logDir().resolve("entries.raft")));
    }

    private FileBasedLog open() throws Exception {
        FileBasedLog log = new FileBasedLog();
        log.init(logDir().toString(), Map.of());
        return log;
    }

    private Path logDir() {
        return dir.resolve("raftlite.log");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
