package org.raftlite.command;

/**
 * Which rewrites a request wants before its statements enter the log (API.md §11): {@code noparse} turns off all
 * of them, {@code norwrandom} and {@code norwtime} one each.
 */
public record Rewrite(boolean parse, boolean randoms, boolean times) {

    public static final Rewrite ALL = new Rewrite(true, true, true);
}
