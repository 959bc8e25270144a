package org.raftlite.store;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.raftlite.command.Statement;
import org.raftlite.db.Remembered;

/**
 * Where a local read runs, decided before it starts: on the calling thread (an HTTP event loop, which must not be
 * held up) when every statement's text was last seen to finish within {@link #BUDGET_NANOS}, on a worker otherwise,
 * a text not seen yet included. Each read's time is what decides the next one of the same text, so a read is never
 * stopped part-way and run again elsewhere; the price is that a text which was quick and turns slow holds its event
 * loop once, and that texts carrying their values rather than parameters are each seen once, on a worker.
 */
final class ReadPlacement {

    static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Remembered<Boolean> quick = new Remembered<>();

    boolean quick(List<Statement> statements) {
        for (Statement s : statements) {
            if (quick.get(s.sql()) != Boolean.TRUE) {
                return false;
            }
        }
        return true;
    }

    void observed(List<Statement> statements, long nanos) {
        Boolean seen = nanos <= BUDGET_NANOS;
        for (Statement s : statements) {
            if (quick.get(s.sql()) != seen) {
                quick.put(s.sql(), seen);
            }
        }
    }
}
