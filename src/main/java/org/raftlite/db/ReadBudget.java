package org.raftlite.db;

import org.sqlite.ProgressHandler;

/**
 * A time limit on a read connection, armed only for reads tried on an HTTP event loop: SQLite calls back every
 * {@link #VM_STEPS} steps of its virtual machine, and once the deadline has passed the statement stops with
 * SQLITE_INTERRUPT. A point read finishes long before the first call back; a long scan is stopped within
 * microseconds of its deadline and is run again where it may take its time.
 */
final class ReadBudget extends ProgressHandler {

    static final int VM_STEPS = 1000;

    private long deadlineNanos;
    private boolean exceeded;

    /** Called only by the thread about to run statements on the connection, which is the one SQLite calls back. */
    void arm(long budgetNanos) {
        deadlineNanos = System.nanoTime() + budgetNanos;
        exceeded = false;
    }

    void disarm() {
        deadlineNanos = 0;
        exceeded = false;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    protected int progress() {
        if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            exceeded = true;
            return 1;
        }
        return 0;
    }
}
