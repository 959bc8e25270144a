package org.raftlite.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link Entry} in the Raft log. The first byte is the format version, so that a node can
 * refuse (rather than misread) an entry written by a newer node. Version 2 added the queued batch's identity at the
 * end; entries of version 1 are still read, as logs written before hold them.
 */
public final class EntryCodec {

    static final byte VERSION = 2;
    private static final byte FIRST_VERSION = 1;

    private static final byte NULL = 0, LONG = 1, DOUBLE = 2, TEXT = 3, BLOB = 4, TRUE = 5, FALSE = 6;

    private EntryCodec() {
    }

    public static byte[] encode(Entry entry) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            writeString(out, entry.origin());
            out.writeLong(entry.sequence());
            writeString(out, entry.traceparent());
            Command request = entry.command();
            out.writeByte(request.kind().ordinal());
            out.writeByte((request.transaction() ? 1 : 0) | (request.timings() ? 2 : 0));
            out.writeLong(request.dbTimeoutMs());
            out.writeInt(request.statements().size());
            for (Statement statement : request.statements()) {
                writeStatement(out, statement);
            }
            out.writeBoolean(entry.node() != null);
            if (entry.node() != null) {
                NodeMeta node = entry.node();
                writeString(out, node.id());
                writeString(out, node.raftAddr());
                writeString(out, node.apiAddr());
                out.writeBoolean(node.voter());
            }
            Batch batch = request.batch();
            out.writeBoolean(batch != null);
            if (batch != null) {
                writeString(out, batch.origin());
                out.writeLong(batch.number());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Entry decode(byte[] data, int offset, int length) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
            byte version = in.readByte();
            if (version != VERSION && version != FIRST_VERSION) {
                throw new IllegalArgumentException("unsupported log entry version " + version);
            }
            String origin = readString(in);
            long sequence = in.readLong();
            String traceparent = readString(in);
            Command.Kind kind = Command.Kind.values()[in.readByte()];
            int flags = in.readByte();
            long dbTimeoutMs = in.readLong();
            int count = in.readInt();
            List<Statement> statements = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                statements.add(readStatement(in));
            }
            NodeMeta node = in.readBoolean()
                    ? new NodeMeta(readString(in), readString(in), readString(in), in.readBoolean()) : null;
            Batch batch = version > FIRST_VERSION && in.readBoolean() ? new Batch(readString(in), in.readLong())
                    : null;
            Command command = new Command(kind, statements, (flags & 1) != 0, (flags & 2) != 0, dbTimeoutMs, batch);
            return new Entry(origin, sequence, traceparent, command, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeStatement(DataOutputStream out, Statement statement) throws IOException {
        writeString(out, statement.sql());
        out.writeBoolean(statement.returnsRows());
        out.writeInt(statement.params().size());
        for (Param param : statement.params()) {
            out.writeBoolean(param.isNamed());
            if (param.isNamed()) {
                writeString(out, param.name());
            }
            writeValue(out, param.value());
        }
    }

    private static Statement readStatement(DataInputStream in) throws IOException {
        String sql = readString(in);
        boolean returnsRows = in.readBoolean();
        int count = in.readInt();
        List<Param> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readBoolean() ? readString(in) : null;
            params.add(new Param(name, readValue(in)));
        }
        return new Statement(sql, params, returnsRows);
    }

    /** A SQL value (null, Long, Double, String, byte[], Boolean) as entries carry it; CDC's FIFO keeps them so. */
    public static void writeValue(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof String s) {
            out.writeByte(TEXT);
            writeString(out, s);
        } else if (value instanceof byte[] b) {
            out.writeByte(BLOB);
            out.writeInt(b.length);
            out.write(b);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else {
            throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
        }
    }

    public static Object readValue(DataInputStream in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case NULL -> null;
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case TEXT -> readString(in);
            case BLOB -> in.readNBytes(in.readInt());
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("unknown parameter type " + type);
        };
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
