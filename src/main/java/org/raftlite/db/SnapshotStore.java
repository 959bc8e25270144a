package org.raftlite.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * Durable copies of the SQLite file at Raft snapshot indexes ({@code <data>/snapshots}): what a node rebuilds its
 * file from when the main file fails its fingerprint, and what it streams to a follower that installs a snapshot.
 * Each copy is written to a temporary file, fsync'd and renamed, its metadata (index, term, size, CRC32C) after it;
 * only the newest complete copy is kept. A reader that has a copy open keeps it readable after it is replaced.
 */
public final class SnapshotStore {

    private static final Logger LOG = Logger.getLogger(SnapshotStore.class);
    private static final String DB_SUFFIX = ".sqlite";
    private static final String META_SUFFIX = ".meta";
    private static final int CHUNK = 1 << 16;

    /** One complete copy. */
    public record Copy(long index, long term, long size, long crc32c, Path path) {
    }

    private final Path dir;

    SnapshotStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path tmp : files.filter(p -> p.toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The newest complete copy, if any. */
    public synchronized Optional<Copy> latest() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(META_SUFFIX)).map(this::readMeta)
                    .flatMap(Optional::stream).max(Comparator.comparingLong(Copy::index));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Copies {@code source} (a checkpointed main file) as the copy at {@code index}. */
    Copy capture(Path source, long index, long term) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return write(in, index, term, -1, -1);
        }
    }

    /**
     * Stores a copy streamed from another node, verifying its size and CRC32C before it counts as complete.
     *
     * @throws IOException when the stream ends early or its bytes do not match
     */
    public Copy receive(InputStream in, long index, long term, long size, long crc32c) throws IOException {
        return write(in, index, term, size, crc32c);
    }

    private Copy write(InputStream in, long index, long term, long expectedSize, long expectedCrc)
            throws IOException {
        Path tmp = dir.resolve(index + DB_SUFFIX + ".tmp");
        CRC32C crc = new CRC32C();
        long size = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(ch)) {
            byte[] chunk = new byte[CHUNK];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                crc.update(chunk, 0, n);
                out.write(chunk, 0, n);
                size += n;
            }
            ch.force(true);
        }
        if ((expectedSize >= 0 && size != expectedSize) || (expectedCrc >= 0 && crc.getValue() != expectedCrc)) {
            Files.deleteIfExists(tmp);
            throw new IOException("snapshot at index " + index + " arrived damaged: " + size + " bytes, crc "
                    + Long.toHexString(crc.getValue()) + "; expected " + expectedSize + " bytes, crc "
                    + Long.toHexString(expectedCrc));
        }
        Copy copy = new Copy(index, term, size, crc.getValue(), dir.resolve(index + DB_SUFFIX));
        synchronized (this) {
            Files.move(tmp, copy.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writeMeta(copy);
            removeOlderThan(index);
        }
        LOG.debugf("snapshot copy at index %d stored (%d bytes)", index, size);
        return copy;
    }

    /** Written after the copy is renamed into place; its directory fsync makes both renames durable. */
    private void writeMeta(Copy copy) throws IOException {
        SmallFiles.writeDurably(dir.resolve(copy.index() + META_SUFFIX),
                copy.index() + " " + copy.term() + " " + copy.size() + " " + copy.crc32c() + "\n");
    }

    private Optional<Copy> readMeta(Path meta) {
        try {
            String[] f = Files.readString(meta, StandardCharsets.US_ASCII).trim().split(" ");
            long index = Long.parseLong(f[0]);
            Path db = dir.resolve(index + DB_SUFFIX);
            long size = Long.parseLong(f[2]);
            if (!Files.exists(db) || Files.size(db) != size) {
                return Optional.empty();
            }
            return Optional.of(new Copy(index, Long.parseLong(f[1]), size, Long.parseLong(f[3]), db));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void removeOlderThan(long index) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> old = files.filter(p -> {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                return dot > 0 && !name.endsWith(".tmp") && Long.parseLong(name.substring(0, dot)) < index;
            }).toList();
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }
}
