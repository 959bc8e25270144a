package org.raftlite.cdc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raftlite.command.EntryCodec;
import org.raftlite.db.RowChange;

/**
 * How a batch is kept in the FIFO: the groups' changes, their values typed as log entries type them
 * ({@link EntryCodec#writeValue}), in a compact binary form that every node writes and only the leader turns into
 * rqlite's JSON when it sends the batch, as rqlited keeps its events in protobuf and marshals the envelope at send
 * time (the {@code node_id} is then the sender's). Writing JSON on every node for every batch cost more than
 * capturing the rows.
 */
final class BatchCodec {

    private static final byte FORMAT = 1;
    private static final int NO_IMAGE = -1;

    private BatchCodec() {
    }

    static byte[] encode(List<Envelope.Group> groups) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(groups.size());
            for (Envelope.Group g : groups) {
                out.writeLong(g.index());
                out.writeLong(g.commitMillis());
                out.writeInt(g.changes().size());
                for (RowChange c : g.changes()) {
                    out.writeByte(c.op().ordinal());
                    out.writeUTF(c.table());
                    out.writeLong(c.oldRowId());
                    out.writeLong(c.newRowId());
                    image(out, c.before());
                    image(out, c.after());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void image(DataOutputStream out, Map<String, Object> image) throws IOException {
        if (image == null) {
            out.writeInt(NO_IMAGE);
            return;
        }
        out.writeInt(image.size());
        for (Map.Entry<String, Object> e : image.entrySet()) {
            out.writeUTF(e.getKey());
            EntryCodec.writeValue(out, e.getValue());
        }
    }

    static List<Envelope.Group> decode(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalStateException("a CDC batch in an unknown format");
            }
            int n = in.readInt();
            List<Envelope.Group> groups = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long index = in.readLong();
                long millis = in.readLong();
                int count = in.readInt();
                List<RowChange> changes = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    RowChange.Op op = RowChange.Op.values()[in.readByte()];
                    changes.add(new RowChange(op, in.readUTF(), in.readLong(), in.readLong(), image(in), image(in)));
                }
                groups.add(new Envelope.Group(index, millis, changes, ""));
            }
            return groups;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> image(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == NO_IMAGE) {
            return null;
        }
        Map<String, Object> image = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            image.put(in.readUTF(), EntryCodec.readValue(in));
        }
        return image;
    }
}
