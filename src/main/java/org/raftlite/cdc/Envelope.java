package org.raftlite.cdc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raftlite.db.RowChange;
import org.raftlite.json.GoJson;

/**
 * rqlite's CDC wire format (its {@code cdc/json} package), byte for byte as Go's encoding/json writes it: the envelope
 * {@code service_id} (left out when empty), {@code node_id}, {@code payload}; one message per Raft index with
 * {@code index}, {@code commit_timestamp} (ms since the epoch) and {@code events}; each event's fields in rqlite's
 * struct order, the empty ones left out, the row images as maps (keys sorted, BLOBs in base64).
 */
final class Envelope {

    /** What one log entry changed, as this node applied it. */
    record Group(long index, long commitMillis, List<RowChange> changes, String traceparent) {
    }

    private Envelope() {
    }

    static byte[] marshal(String serviceId, String nodeId, List<Group> groups) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (!serviceId.isEmpty()) {
            envelope.put("service_id", serviceId);
        }
        envelope.put("node_id", nodeId);
        List<Object> payload = new ArrayList<>(groups.size());
        for (Group g : groups) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("index", g.index());
            if (g.commitMillis() != 0) {
                message.put("commit_timestamp", g.commitMillis());
            }
            List<Object> events = new ArrayList<>(g.changes().size());
            for (RowChange c : g.changes()) {
                events.add(event(c));
            }
            message.put("events", events);
            payload.add(message);
        }
        envelope.put("payload", payload);
        return GoJson.write(envelope, false).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> event(RowChange c) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("op", c.op().name());
        if (!c.table().isEmpty()) {
            event.put("table", c.table());
        }
        if (c.newRowId() != 0) {
            event.put("new_row_id", c.newRowId());
        }
        if (c.oldRowId() != 0) {
            event.put("old_row_id", c.oldRowId());
        }
        if (c.before() != null && !c.before().isEmpty()) {
            event.put("before", c.before());
        }
        if (c.after() != null && !c.after().isEmpty()) {
            event.put("after", c.after());
        }
        return event;
    }
}
