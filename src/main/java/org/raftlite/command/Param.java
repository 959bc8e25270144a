package org.raftlite.command;

/**
 * One bound parameter of a statement. {@code name} is null for a positional parameter. {@code value} is one of
 * {@code null}, {@link Long}, {@link Double}, {@link String}, {@link Boolean} or {@code byte[]}.
 */
public record Param(String name, Object value) {

    public static Param positional(Object value) {
        return new Param(null, value);
    }

    public boolean isNamed() {
        return name != null;
    }
}
