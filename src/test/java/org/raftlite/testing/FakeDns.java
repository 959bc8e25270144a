package org.raftlite.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS server on 127.0.0.1 (UDP) that answers A and SRV questions from a table the test fills: the resolver a node
 * is pointed at with {@code RAFTLITE_DISCO_DNS_SERVER}, as Kubernetes' DNS answers for a headless Service.
 */
public final class FakeDns implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_SRV = 33;

    /** One SRV record: a target host name and its port. */
    public record Srv(String target, int port) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<String>> aRecords = new ConcurrentHashMap<>();
    private final Map<String, List<Srv>> srvRecords = new ConcurrentHashMap<>();
    private final Thread server;

    public FakeDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new Thread(this::serve, "fake-dns");
        server.setDaemon(true);
        server.start();
    }

    /** {@code host:port}, for {@code RAFTLITE_DISCO_DNS_SERVER}. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public FakeDns a(String name, List<String> ips) {
        aRecords.put(key(name), List.copyOf(ips));
        return this;
    }

    public FakeDns srv(String name, List<Srv> records) {
        srvRecords.put(key(name), List.copyOf(records));
        return this;
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) throws IOException {
        int id = Short.toUnsignedInt(query.getShort(0));
        query.position(12);
        StringBuilder name = new StringBuilder();
        for (int len = Byte.toUnsignedInt(query.get()); len > 0; len = Byte.toUnsignedInt(query.get())) {
            byte[] label = new byte[len];
            query.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        }
        int type = Short.toUnsignedInt(query.getShort());
        int questionEnd = query.position() + 2;
        List<byte[]> records = type == TYPE_A ? aRecords.getOrDefault(key(name.toString()), List.of()).stream()
                .map(FakeDns::aData).toList()
                : type == TYPE_SRV ? srvRecords.getOrDefault(key(name.toString()), List.of()).stream()
                .map(FakeDns::srvData).toList() : List.of();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12).putShort((short) id)
                .putShort((short) (records.isEmpty() ? 0x8183 : 0x8180)).putShort((short) 1)
                .putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
        out.write(header.array());
        out.write(query.array(), 12, questionEnd - 12);
        for (byte[] rdata : records) {
            ByteBuffer rr = ByteBuffer.allocate(12 + rdata.length).putShort((short) 0xC00C).putShort((short) type)
                    .putShort((short) 1).putInt(0).putShort((short) rdata.length).put(rdata);
            out.write(rr.array());
        }
        return out.toByteArray();
    }

    private static byte[] aData(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] srvData(Srv srv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(6).putShort((short) 10).putShort((short) 100)
                .putShort((short) srv.port()).array());
        for (String label : key(srv.target()).split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        server.join(5000);
    }
}
