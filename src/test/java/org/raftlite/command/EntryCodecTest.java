package org.raftlite.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log entry format: everything a request carries survives the round trip, and versions are checked. */
class EntryCodecTest {

    @Test
    void roundTripsEveryParameterType() {
        Statement s = new Statement("INSERT INTO t VALUES(?, :b, ?, ?, ?, ?)", List.of(Param.positional(null),
                new Param("b", 9007199254740993L), Param.positional(2.5), Param.positional("日本"),
                Param.positional(new byte[] {0, (byte) 255}), Param.positional(true)), true);
        Entry entry = new Entry("node-1", 42, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                new Command(Command.Kind.REQUEST, List.of(s, Statement.of("SELECT 1")), true, true, 1500));
        byte[] bytes = EntryCodec.encode(entry);
        Entry back = EntryCodec.decode(bytes, 0, bytes.length);
        assertEquals(entry.origin(), back.origin());
        assertEquals(entry.sequence(), back.sequence());
        assertEquals(entry.traceparent(), back.traceparent());
        Command r = back.command();
        assertEquals(Command.Kind.REQUEST, r.kind());
        assertEquals(true, r.transaction());
        assertEquals(true, r.timings());
        assertEquals(1500, r.dbTimeoutMs());
        Statement first = r.statements().get(0);
        assertEquals(s.sql(), first.sql());
        assertEquals(true, first.returnsRows());
        assertEquals(null, first.params().get(0).value());
        assertEquals("b", first.params().get(1).name());
        assertEquals(9007199254740993L, first.params().get(1).value());
        assertEquals(2.5, first.params().get(2).value());
        assertEquals("日本", first.params().get(3).value());
        assertArrayEquals(new byte[] {0, (byte) 255}, (byte[]) first.params().get(4).value());
        assertEquals(true, first.params().get(5).value());
        assertEquals("SELECT 1", r.statements().get(1).sql());
    }

    @Test
    void aQueuedBatchKeepsItsIdentityAndOlderEntriesStillRead() {
        Command batch = new Command(Command.Kind.EXECUTE, List.of(Statement.of("INSERT INTO t VALUES(1)")), false,
                false, 0, new Batch("node-2", 1_700_000_000_000_000_123L));
        byte[] bytes = EntryCodec.encode(new Entry("node-1", 7, "", batch));
        assertEquals(batch.batch(), EntryCodec.decode(bytes, 0, bytes.length).command().batch());
        assertEquals(batch.batch(), Batch.parse(batch.batch().toString()));
        // version 1, as logs written before batches had identities hold it: no batch field at the end
        byte[] plain = EntryCodec.encode(new Entry("node-1", 8, "", new Command(Command.Kind.EXECUTE,
                List.of(Statement.of("SELECT 1")), false, false, 0)));
        byte[] v1 = java.util.Arrays.copyOf(plain, plain.length - 1);
        v1[0] = 1;
        Entry old = EntryCodec.decode(v1, 0, v1.length);
        assertEquals(null, old.command().batch());
        assertEquals("SELECT 1", old.command().statements().get(0).sql());
    }

    @Test
    void refusesAnEntryOfAnUnknownVersion() {
        byte[] bytes = EntryCodec.encode(new Entry("n", 1, "", Command.noop()));
        bytes[0] = 99;
        assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(bytes, 0, bytes.length));
    }

    @Test
    void goDurations() {
        assertEquals(1_500_000_000L, GoDuration.parseNanos("1.5s"));
        assertEquals(9_900_000_000_000L, GoDuration.parseNanos("2h45m"));
        assertEquals(300_000_000L, GoDuration.parseNanos("300ms"));
        assertEquals(0L, GoDuration.parseNanos("0"));
        assertEquals(2_000L, GoDuration.parseNanos("2µs"));
        assertEquals(null, GoDuration.parseNanos("10"));
        assertEquals(null, GoDuration.parseNanos("soon"));
        assertEquals(null, GoDuration.parseNanos("1s2"));
    }
}
