package org.raftlite.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, unpacked once into the temporary directory under a name that says which library it
 * is, and loaded from there by every node. Left to itself, sqlite-jdbc unpacks it on every start under a new name
 * (a megabyte, about a tenth of a second of a node's start on our machines) and removes it only when the JVM exits
 * normally, so every node killed left one behind.
 */
public final class SqliteLibrary {

    private static final Logger LOG = Logger.getLogger(SqliteLibrary.class);
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";

    private SqliteLibrary() {
    }

    /**
     * Points sqlite-jdbc at the unpacked copy, unless the operator named a library with {@code org.sqlite.lib.path};
     * takes effect only before the first connection. Without a library in the jar (a native image, say) or when the
     * copy cannot be written, sqlite-jdbc finds its library its own way.
     */
    public static synchronized void useUnpackedCopy() {
        if (System.getProperty(PATH) != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (in == null) {
                return;
            }
            byte[] library = in.readAllBytes();
            Path dir = Path.of(System.getProperty("java.io.tmpdir"),
                    "raftlite-sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + checksum(library));
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) != library.length) {
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, name, ".partial");
                Files.write(partial, library);
                // a rename, so that a node starting at the same moment never loads a half-written file
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
        } catch (IOException e) {
            LOG.debugf("SQLite's library is unpacked by sqlite-jdbc: %s", e.getMessage());
        }
    }

    private static String checksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }
}
