package org.raftlite.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts in Linux network namespaces of their own, each linked by a veth pair to a bridge in the test's own
 * namespace, so the test reaches every host and the hosts reach each other. Addresses are only on interfaces made
 * here, in a 10.x.y.0/24 chosen at random, and nothing is routed beyond them. A cut is a blackhole route: packets
 * are dropped without a word, as by a pulled cable, so no reset tells anyone and only failure detection can.
 * Needs root and iproute2; {@link #available} says whether this machine has them.
 */
public final class Namespaces implements AutoCloseable {

    private final String tag;
    private final String subnet;
    private final int hosts;
    private final List<String> blackholes = new ArrayList<>();

    private Namespaces(String tag, String subnet, int hosts) {
        this.tag = tag;
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /** Whether namespaces can be made here: a throwaway one is made and removed. */
    public static boolean available() {
        String probe = "rlprobe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        try {
            ip("netns", "add", probe);
            ip("netns", "del", probe);
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    /** Makes {@code hosts} namespaces on one bridge; host n (1-based) has address {@link #address}(n). */
    public static Namespaces create(int hosts) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String tag = "rl" + Integer.toHexString(random.nextInt(0x1000, 0x10000));
        Namespaces net = new Namespaces(tag, "10." + random.nextInt(100, 250) + "." + random.nextInt(1, 250) + ".",
                hosts);
        try {
            ip("link", "add", net.bridge(), "type", "bridge");
            ip("addr", "add", net.subnet + "1/24", "dev", net.bridge());
            ip("link", "set", net.bridge(), "up");
            for (int host = 1; host <= hosts; host++) {
                net.link(host);
            }
            return net;
        } catch (IOException | AssertionError e) {
            net.close();
            throw e;
        }
    }

    private void link(int host) throws IOException {
        String ns = namespace(host);
        String outside = tag + "h" + host;
        String inside = tag + "n" + host;
        ip("netns", "add", ns);
        ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        ip("link", "set", inside, "netns", ns);
        ip("link", "set", outside, "master", bridge(), "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", address(host) + "/24", "dev", inside);
        ip("-n", ns, "link", "set", inside, "up");
    }

    public int hosts() {
        return hosts;
    }

    public String address(int host) {
        return subnet + (10 + host);
    }

    /** The command prefix that runs a program on host n. */
    public List<String> exec(int host) {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    /** Host n hears nothing from the others and they nothing from it; the test still reaches every host. */
    public synchronized void isolate(int host) throws IOException {
        for (int other = 1; other <= hosts; other++) {
            if (other != host) {
                drop(host, other);
                drop(other, host);
            }
        }
    }

    /** Packets from host {@code from} to host {@code to} are dropped; the other way is left as it is. */
    public synchronized void drop(int from, int to) throws IOException {
        ip("-n", namespace(from), "route", "add", "blackhole", address(to) + "/32");
        blackholes.add(from + " " + to);
    }

    /** Every cut made so far is mended. */
    public synchronized void heal() throws IOException {
        for (String cut : blackholes) {
            String[] ends = cut.split(" ");
            ip("-n", namespace(Integer.parseInt(ends[0])), "route", "del", "blackhole",
                    address(Integer.parseInt(ends[1])) + "/32");
        }
        blackholes.clear();
    }

    private String namespace(int host) {
        return tag + "-" + host;
    }

    private String bridge() {
        return tag + "br";
    }

    /** Removes the namespaces and the bridge; stop the processes in them first. */
    @Override
    public void close() {
        for (int host = 1; host <= hosts; host++) {
            quietly("netns", "del", namespace(host));
        }
        quietly("link", "del", bridge());
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (IOException | AssertionError ignored) {
            // already gone, or never made
        }
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }
}
