package org.raftlite.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for test nodes, one at a time as rqlite's harnesses hand them out. They are taken
 * below the kernel's ephemeral range: a port from that range can be handed to an outgoing connection as its source
 * port while its node is down (peers keep dialling a stopped node), and the node then cannot bind it again. No port
 * is handed out twice in one test JVM, so a stopped node's port stays its own.
 */
public final class FreePorts {

    private static final int LOWEST = 15000;
    private static final int BELOW = ephemeralStart();
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int one() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(LOWEST, BELOW);
            if (!GIVEN.contains(p) && isFree(p) && GIVEN.add(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range, or IANA's where there is no such file. */
    private static int ephemeralStart() {
        try {
            // read line by line: Files.readString trusts the size /proc reports (0) and returned one character
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : 49152;
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
    }
}
