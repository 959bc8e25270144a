package org.raftlite.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftlite.testing.Linearizability.Op.read;
import static org.raftlite.testing.Linearizability.Op.unknownWrite;
import static org.raftlite.testing.Linearizability.Op.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on histories that are and are not linearizable, including Knossos's and Porcupine's classic ones. */
class LinearizabilityTest {

    @Test
    void sequentialHistoriesAreLinearizableExactlyWhenEveryReadSeesTheLastWrite() {
        assertTrue(Linearizability.check(List.of(read(null, 0, 1), write(1, 2, 3), read(1L, 4, 5), write(2, 6, 7),
                read(2L, 8, 9))));
        assertFalse(Linearizability.check(List.of(write(1, 0, 1), write(2, 2, 3), read(1L, 4, 5))),
                "a read after a later write finished saw the older value");
        assertFalse(Linearizability.check(List.of(write(1, 0, 1), read(3L, 2, 3))), "a value nobody wrote");
        assertFalse(Linearizability.check(List.of(read(1L, 0, 1), write(1, 2, 3))), "a value before it was written");
    }

    @Test
    void concurrentOperationsMayTakeEffectAnywhereBetweenSendAndAnswer() {
        // a read overlapping a write may see either value
        assertTrue(Linearizability.check(List.of(write(1, 0, 1), write(2, 2, 10), read(1L, 3, 4), read(2L, 5, 6))));
        assertTrue(Linearizability.check(List.of(write(1, 0, 1), write(2, 2, 10), read(2L, 3, 4))));
        // but once one read saw the new value, a later read may not see the old one
        assertFalse(Linearizability.check(List.of(write(1, 0, 1), write(2, 2, 10), read(2L, 3, 4),
                read(1L, 5, 6))));
        // Porcupine's example: two overlapping writes, and reads that order them one way and then the other
        assertFalse(Linearizability.check(List.of(write(1, 0, 10), write(2, 0, 10), read(1L, 11, 12),
                read(2L, 13, 14), read(1L, 15, 16))));
        assertTrue(Linearizability.check(List.of(write(1, 0, 10), write(2, 0, 10), read(1L, 1, 12),
                read(2L, 2, 14), read(1L, 3, 16))), "all concurrent: any order may explain them");
    }

    @Test
    void aWriteWithoutAnAnswerMayHaveHappenedLateOrNever() {
        assertTrue(Linearizability.check(List.of(write(1, 0, 1), unknownWrite(2, 2), read(1L, 3, 4))), "never");
        assertTrue(Linearizability.check(List.of(write(1, 0, 1), unknownWrite(2, 2), read(1L, 3, 4),
                read(2L, 5, 6))), "after the first read");
        assertFalse(Linearizability.check(List.of(write(1, 0, 1), unknownWrite(2, 2), read(2L, 3, 4),
                read(1L, 5, 6))), "it cannot be undone once seen");
        assertFalse(Linearizability.check(List.of(write(1, 0, 1), read(2L, 2, 3), unknownWrite(2, 4))),
                "nor seen before it was sent");
        assertTrue(Linearizability.check(List.of(write(1, 0, 1), read(null, 2, Long.MAX_VALUE), read(1L, 3, 4))),
                "a read without an answer constrains nothing");
    }

    /**
     * Histories made from a real sequential run with every operation's window widened at random are linearizable
     * by construction; the same with one read changed to a value never written is not. Hundreds of concurrent
     * operations, as a fault test records, are checked in well under a second each.
     */
    @Test
    void largeGeneratedHistoriesAreDecidedQuickly() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Linearizability.Op> history = new ArrayList<>();
            Long value = null;
            for (int i = 0; i < 400; i++) {
                long at = i * 10L;
                long invoked = at - random.nextInt(25);
                long answered = at + random.nextInt(25);
                if (random.nextInt(3) == 0) {
                    value = (long) i;
                    history.add(write(i, invoked, answered));
                } else {
                    history.add(read(value, invoked, answered));
                }
            }
            long start = System.nanoTime();
            assertTrue(Linearizability.check(history), "round " + round);
            int bad = 399 - random.nextInt(100);
            while (history.get(bad).write()) {
                bad--;
            }
            Linearizability.Op op = history.get(bad);
            history.set(bad, read(-1L, op.invokedNanos(), op.answeredNanos()));
            assertFalse(Linearizability.check(history), "round " + round + " with a read of -1");
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "round " + round + " took too long");
        }
    }
}
