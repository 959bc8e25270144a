package org.raftlite.cluster;

/** A {@code host:port} address as rqlited's flags give them. */
public record HostPort(String host, int port) {

    public static HostPort parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + address + " has no port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(address.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
