package org.raftlite.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.raftlite.db.RowChange;
import org.raftlite.json.GoJson;

/** The bytes rqlite's CDC consumers parse, as Go's encoding/json writes rqlite's structs. */
class EnvelopeTest {

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = GoJson.goMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void envelopeMessagesAndEventsInRqlitesFieldOrderWithEmptyFieldsLeftOut() {
        List<Envelope.Group> groups = List.of(
                new Envelope.Group(3, 1757892884812L, List.of(
                        new RowChange(RowChange.Op.INSERT, "users", 0, 7, null,
                                row("name", "fi<o>na", "id", 7L, "pic", new byte[] {1, 2, 3}, "w", 1.0)),
                        new RowChange(RowChange.Op.UPDATE, "users", 7, 7, row("id", 7L), row("id", 7L))), ""),
                new Envelope.Group(4, 0, List.of(new RowChange(RowChange.Op.DELETE, "users", 7, 0, null, null)), ""));
        assertEquals("{\"service_id\":\"prod-eu\",\"node_id\":\"node1\",\"payload\":["
                + "{\"index\":3,\"commit_timestamp\":1757892884812,\"events\":["
                + "{\"op\":\"INSERT\",\"table\":\"users\",\"new_row_id\":7,"
                + "\"after\":{\"id\":7,\"name\":\"fi\\u003co\\u003ena\",\"pic\":\"AQID\",\"w\":1}},"
                + "{\"op\":\"UPDATE\",\"table\":\"users\",\"new_row_id\":7,\"old_row_id\":7,\"before\":{\"id\":7},"
                + "\"after\":{\"id\":7}}]},"
                + "{\"index\":4,\"events\":[{\"op\":\"DELETE\",\"table\":\"users\",\"old_row_id\":7}]}]}",
                new String(Envelope.marshal("prod-eu", "node1", groups), StandardCharsets.UTF_8));
        // what the FIFO keeps sends the same bytes: types, key order, nulls and text beyond 64 KiB survive it
        assertEquals(new String(Envelope.marshal("prod-eu", "node1", groups), StandardCharsets.UTF_8),
                new String(Envelope.marshal("prod-eu", "node1", BatchCodec.decode(BatchCodec.encode(groups))),
                        StandardCharsets.UTF_8));
        List<Envelope.Group> odd = List.of(new Envelope.Group(9, 1, List.of(new RowChange(RowChange.Op.INSERT,
                "t", 0, 1, null, row("z", "é".repeat(40_000), "a", null, "m", -0.5, "b", Long.MIN_VALUE))), ""));
        assertEquals(new String(Envelope.marshal("", "n", odd), StandardCharsets.UTF_8),
                new String(Envelope.marshal("", "n", BatchCodec.decode(BatchCodec.encode(odd))),
                        StandardCharsets.UTF_8));
        assertEquals("{\"node_id\":\"2\",\"payload\":[]}",
                new String(Envelope.marshal("", "2", List.of()), StandardCharsets.UTF_8));
    }
}
