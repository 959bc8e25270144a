package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's log used from two threads at once, as RAFT's thread (appending, committing) and an election (writing the
 * term, reading the last entry) do: every write lands and the log reopens with every entry intact.
 */
class SynchronizedLogTest {

    private static final int ROUNDS = 2000;

    @TempDir
    Path dir;

    @Test
    void appendsCommitsAndTermsFromTwoThreadsAllLand() throws Exception {
        Log log = new SynchronizedLog(open());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> raft = threads.submit(() -> {
                for (int i = 1; i <= ROUNDS; i++) {
                    log.append(i, new LogEntries().add(new LogEntry(1, ("entry " + i).getBytes(StandardCharsets.US_ASCII))));
                    log.commitIndex(i);
                }
                return null;
            });
            // the term stays that of the entries: jgroups-raft's append writes its entry's term as the current one
            Future<?> election = threads.submit(() -> {
                for (int i = 1; i <= ROUNDS; i++) {
                    log.currentTerm(1);
                    log.get(log.lastAppended());
                }
                return null;
            });
            raft.get(2, TimeUnit.MINUTES);
            election.get(2, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
        log.close();

        FileBasedLog again = open();
        assertEquals(ROUNDS, again.lastAppended());
        assertEquals(ROUNDS, again.commitIndex());
        assertEquals(1, again.currentTerm());
        for (int i = 1; i <= ROUNDS; i++) {
            assertEquals("entry " + i, new String(again.get(i).command(), StandardCharsets.US_ASCII));
        }
        again.close();
    }

    private FileBasedLog open() throws Exception {
        FileBasedLog log = new FileBasedLog();
        log.init(dir.resolve("raftlite.log").toString(), Map.of());
        return log;
    }
}
