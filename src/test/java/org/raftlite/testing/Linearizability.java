package org.raftlite.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a history of operations on one register against linearizability, by Wing and Gong's search with Lowe's
 * memoization of (operations linearized, register value), as Porcupine and Knossos do. Each operation has the time
 * a client sent it and the time it got its answer; an operation without an answer (a timeout, a lost connection)
 * may have taken effect at any time after it was sent, or never, so it counts as answered at the end of time. A read
 * without an answer constrains nothing and is left out.
 */
public final class Linearizability {

    /** One client operation: a write of {@code value}, or a read that returned {@code value} (null: unset). */
    public record Op(boolean write, Long value, long invokedNanos, long answeredNanos) {

        public static Op write(long value, long invoked, long answered) {
            return new Op(true, value, invoked, answered);
        }

        /** A write whose outcome the client never learned. */
        public static Op unknownWrite(long value, long invoked) {
            return new Op(true, value, invoked, Long.MAX_VALUE);
        }

        public static Op read(Long value, long invoked, long answered) {
            return new Op(false, value, invoked, answered);
        }
    }

    private Linearizability() {
    }

    /** Whether some order of the operations, each at a point between its sending and its answer, explains them. */
    public static boolean check(List<Op> history) {
        List<Op> ops = history.stream().filter(op -> op.write || op.answeredNanos != Long.MAX_VALUE).toList();
        Entry head = events(ops);
        BitSet linearized = new BitSet(ops.size());
        Set<Memo> seen = new HashSet<>();
        List<Entry> calls = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        Long value = null;
        Entry entry = head.next;
        while (head.next != null) {
            if (entry.call) {
                Op op = ops.get(entry.id);
                boolean fits = op.write || Objects.equals(op.value, value);
                Long next = op.write ? op.value : value;
                BitSet after = (BitSet) linearized.clone();
                after.set(entry.id);
                if (fits && seen.add(new Memo(after, next))) {
                    calls.add(entry);
                    values.add(value);
                    value = next;
                    linearized = after;
                    entry.lift();
                    entry = head.next;
                } else {
                    entry = entry.next;
                }
            } else {
                // an answer came before its operation could be placed: undo the last placement and try the next
                if (calls.isEmpty()) {
                    return false;
                }
                Entry last = calls.remove(calls.size() - 1);
                value = values.remove(values.size() - 1);
                linearized.clear(last.id);
                last.unlift();
                entry = last.next;
            }
        }
        return true;
    }

    private record Memo(BitSet linearized, Long value) {
    }

    /** The calls and answers in time order (a call before an answer at the same time), linked, after a head. */
    private static Entry events(List<Op> ops) {
        List<Entry> events = new ArrayList<>();
        for (int id = 0; id < ops.size(); id++) {
            Entry call = new Entry(id, true, ops.get(id).invokedNanos);
            Entry answer = new Entry(id, false, ops.get(id).answeredNanos);
            call.match = answer;
            events.add(call);
            events.add(answer);
        }
        events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
        Entry head = new Entry(-1, false, Long.MIN_VALUE);
        Entry prev = head;
        for (Entry e : events) {
            prev.next = e;
            e.prev = prev;
            prev = e;
        }
        return head;
    }

    /** A call or an answer in the linked list of events; a placed operation's two events are taken out of it. */
    private static final class Entry {
        final int id;
        final boolean call;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int id, boolean call, long time) {
            this.id = id;
            this.call = call;
            this.time = time;
        }

        /** Takes this call and its answer out of the list. */
        void lift() {
            prev.next = next;
            if (next != null) {
                next.prev = prev;
            }
            match.prev.next = match.next;
            if (match.next != null) {
                match.next.prev = match.prev;
            }
        }

        /** Puts them back where they were. */
        void unlift() {
            match.prev.next = match;
            if (match.next != null) {
                match.next.prev = match;
            }
            prev.next = this;
            if (next != null) {
                next.prev = this;
            }
        }
    }
}
