package org.raftlite.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for test nodes; a Raft port comes with the next one free too, for FD_SOCK2. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port p such that p and p+1 are both free. */
    public static int pair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = one();
            if (p < 65535 && isFree(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
