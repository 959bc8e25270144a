package org.raftlite.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/**
 * Mends what jgroups-raft 1.1.4 leaves behind when a follower installs a snapshot: {@code
 * LogEntryStorage.reinitializeTo} means to write a placeholder entry at the snapshot's index at the start of the log
 * file, but never flips its buffer, so nothing is written. The entries appended after it follow a hole of zeros, and
 * after a restart the log reads as empty ("log entry 1 not found"). Before RAFT opens the log, the missing
 * placeholder is written: the entry before the first real one, in that entry's term (or, with no entry after it, the
 * file then being empty or zeros, at the stored commit index and term; a wrong term only makes the leader send the
 * snapshot again). A log that never held anything has a commit index of 0 and is left alone.
 */
final class LogRepair {

    private static final Logger LOG = Logger.getLogger(LogRepair.class);
    /** magic (1), total length (4), term (8), index (8), internal (1), data length (4): LogEntryStorage.Header. */
    private static final int HEADER_SIZE = 26;
    private static final byte MAGIC = 0x01;
    private static final int TERM_AT = 5;
    private static final int INDEX_AT = 13;

    private LogRepair() {
    }

    /** @param logDir RAFT's log directory, holding {@code entries.raft} and {@code metadata.raft} */
    static void repair(Path logDir) throws IOException {
        Path entries = logDir.resolve("entries.raft");
        Path metadata = logDir.resolve("metadata.raft");
        if (!Files.exists(entries) || !Files.exists(metadata)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(entries, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer first = read(ch, 0);
            for (int i = 0; i < first.limit(); i++) {
                if (first.get(i) != 0) {
                    return;
                }
            }
            ByteBuffer next = read(ch, HEADER_SIZE);
            long index;
            long term;
            if (next.limit() == HEADER_SIZE && next.get(0) == MAGIC) {
                index = next.getLong(INDEX_AT) - 1;
                term = next.getLong(TERM_AT);
            } else {
                ByteBuffer meta = ByteBuffer.wrap(Files.readAllBytes(metadata));
                if (meta.limit() < 2 * Long.BYTES) {
                    return;
                }
                index = meta.getLong(0);
                term = meta.getLong(Long.BYTES);
            }
            if (index <= 0) {
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).put(MAGIC).putInt(HEADER_SIZE).putLong(term)
                    .putLong(index).put((byte) 0).putInt(0).flip();
            ch.write(header, 0);
            ch.force(true);
            LOG.infof("wrote the missing placeholder of the installed snapshot at index %d into the Raft log", index);
        }
    }

    private static ByteBuffer read(FileChannel ch, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE);
        while (buf.hasRemaining() && ch.read(buf, position + buf.position()) > 0) {
            // keep reading until the header is complete or the file ends
        }
        return buf.flip();
    }
}
