package org.raftlite.raft;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.jgroups.Address;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;

/**
 * jgroups-raft's log, one caller at a time. RAFT's thread appends and records the commit index while ELECTION's
 * threads record terms and votes and read the last entry, and status requests read it too; the file log shares one
 * IO buffer among them all without a lock, and a node under a vote request was seen failing with "must prepare the
 * IO buffer first!" and BufferOverflowException, losing the write of a term or a commit index.
 * <p>
 * It also counts the appends that wrote nothing: jgroups-raft's file log catches the IOException of a full disk,
 * prints it and returns the last index it had, so RAFT carries on as if nothing happened.
 */
final class SynchronizedLog implements Log {

    private final Log log;
    private volatile long failedAppends;

    SynchronizedLog(Log log) {
        this.log = log;
    }

    @Override
    public synchronized void init(String logName, Map<String, String> args) throws Exception {
        log.init(logName, args);
    }

    @Override
    public synchronized Log useFsync(boolean f) {
        log.useFsync(f);
        return this;
    }

    @Override
    public synchronized boolean useFsync() {
        return log.useFsync();
    }

    @Override
    public synchronized void delete() throws Exception {
        log.delete();
    }

    @Override
    public synchronized long currentTerm() {
        return log.currentTerm();
    }

    @Override
    public synchronized Log currentTerm(long newTerm) {
        log.currentTerm(newTerm);
        return this;
    }

    @Override
    public synchronized Address votedFor() {
        return log.votedFor();
    }

    @Override
    public synchronized Log votedFor(Address member) {
        log.votedFor(member);
        return this;
    }

    @Override
    public synchronized long commitIndex() {
        return log.commitIndex();
    }

    @Override
    public synchronized Log commitIndex(long newIndex) {
        log.commitIndex(newIndex);
        return this;
    }

    @Override
    public synchronized long firstAppended() {
        return log.firstAppended();
    }

    @Override
    public synchronized long lastAppended() {
        return log.lastAppended();
    }

    @Override
    public synchronized void setSnapshot(ByteBuffer snapshot) {
        log.setSnapshot(snapshot);
    }

    @Override
    public synchronized ByteBuffer getSnapshot() {
        return log.getSnapshot();
    }

    @Override
    public synchronized long append(long index, LogEntries entries) {
        long last = log.append(index, entries);
        if (entries.size() > 0 && last < index + entries.size() - 1) {
            failedAppends++;
        }
        return last;
    }

    /** How many appends have failed since the log was opened. */
    long failedAppends() {
        return failedAppends;
    }

    @Override
    public synchronized LogEntry get(long index) {
        return log.get(index);
    }

    @Override
    public synchronized void truncate(long indexExclusive) {
        log.truncate(indexExclusive);
    }

    @Override
    public synchronized void reinitializeTo(long index, LogEntry entry) throws Exception {
        log.reinitializeTo(index, entry);
    }

    @Override
    public synchronized void deleteAllEntriesStartingFrom(long startIndex) {
        log.deleteAllEntriesStartingFrom(startIndex);
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function, long startIndex, long endIndex) {
        log.forEach(function, startIndex, endIndex);
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function) {
        log.forEach(function);
    }

    @Override
    public synchronized long size() {
        return log.size();
    }

    @Override
    public synchronized long sizeInBytes() {
        return log.sizeInBytes();
    }

    @Override
    public synchronized void close() throws java.io.IOException {
        log.close();
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
