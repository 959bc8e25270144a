package org.raftlite.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the SQLite main file looked like right after a checkpoint at a Raft index. A main file that still matches it
 * on restart holds exactly the entries up to that index, so only later entries need replaying.
 *
 * @param changeCounter SQLite's file change counter (header bytes 24..27)
 */
public record Fingerprint(long index, long term, long size, long mtimeMillis, int changeCounter) {

    static Fingerprint of(Path db, long index, long term) throws IOException {
        return new Fingerprint(index, term, Files.size(db), Files.getLastModifiedTime(db).toMillis(),
                changeCounter(db));
    }

    boolean matches(Path db) {
        try {
            return Files.exists(db) && equals(of(db, index, term));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the fingerprint so that a crash leaves either the old one or this one. */
    void write(Path file) throws IOException {
        SmallFiles.writeDurably(file, index + " " + term + " " + size + " " + mtimeMillis + " " + changeCounter + "\n");
    }

    static Optional<Fingerprint> read(Path file) {
        try {
            String[] f = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            return Optional.of(new Fingerprint(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Integer.parseInt(f[4])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int changeCounter(Path db) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "r")) {
            if (f.length() < 28) {
                return -1;
            }
            f.seek(24);
            return f.readInt();
        }
    }
}
