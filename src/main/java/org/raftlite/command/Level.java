package org.raftlite.command;

import java.util.Locale;

/** rqlite's read consistency levels; anything unknown or absent reads as {@link #WEAK}. */
public enum Level {
    NONE, WEAK, LINEARIZABLE, STRONG, AUTO;

    public static Level parse(String value) {
        if (value == null) {
            return WEAK;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "linearizable" -> LINEARIZABLE;
            case "strong" -> STRONG;
            case "auto" -> AUTO;
            default -> WEAK;
        };
    }
}
