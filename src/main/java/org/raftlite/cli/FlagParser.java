package org.raftlite.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.raftlite.command.GoDuration;

/**
 * Parses rqlited's command line with Go's {@code flag} rules: {@code -flag}, {@code --flag}, {@code -flag=value},
 * {@code -flag value} (not for booleans, which take {@code -flag} or {@code -flag=bool}), stopping at the first
 * non-flag argument or at {@code --}. Exactly one positional argument, the data directory, must follow.
 */
final class FlagParser {

    /** A command line rqlited would refuse: print the message and usage, exit 1. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** What was given: flag values by name (only those set) and the data directory. */
    record Parsed(Map<String, String> values, String dataDir) {
        boolean isSet(String flag) {
            return values.containsKey(flag);
        }
    }

    private FlagParser() {
    }

    static Parsed parse(String... args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            i++;
            if (arg.equals("--")) {
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
                throw new UsageException("bad flag syntax: " + arg);
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (name.equals("h") || name.equals("help")) {
                throw new UsageException("");
            }
            Flag flag = FlagTable.FLAGS.get(name);
            if (flag == null) {
                throw new UsageException("flag provided but not defined: -" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.type() == Flag.Type.BOOL) {
                value = "true";
            } else if (i < args.length) {
                value = args[i++];
            } else {
                throw new UsageException("flag needs an argument: -" + name);
            }
            values.put(name, checked(flag, value));
        }
        if (values.containsKey("version")) {
            return new Parsed(values, null);
        }
        int positional = args.length - i;
        if (positional == 0) {
            throw new UsageException("fatal: no data directory set");
        }
        if (positional > 1) {
            throw new UsageException("fatal: only one data directory may be set");
        }
        return new Parsed(values, args[i]);
    }

    private static String checked(Flag flag, String value) throws UsageException {
        String bad = "invalid value \"" + value + "\" for flag -" + flag.name();
        switch (flag.type()) {
            case BOOL -> {
                String b = parseBool(value);
                if (b == null) {
                    throw new UsageException(bad + ": parse error");
                }
                return b;
            }
            case INT -> {
                try {
                    return Long.toString(Long.decode(value.replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new UsageException(bad + ": parse error");
                }
            }
            case DURATION -> {
                if (GoDuration.parseNanos(value) == null) {
                    throw new UsageException(bad + ": parse error");
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    private static String parseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> "true";
            case "0", "f", "F", "FALSE", "false", "False" -> "false";
            default -> null;
        };
    }

    static String usage() {
        StringBuilder out = new StringBuilder("\nraftlited is a Raft-replicated SQLite node, a drop-in for rqlited.\n\n"
                + "Usage: raftlited [flags] <data directory>\n");
        for (Flag flag : FlagTable.FLAGS.values()) {
            out.append("  -").append(flag.name());
            if (flag.type() != Flag.Type.BOOL) {
                out.append(' ').append(flag.type().name().toLowerCase(Locale.ROOT));
            }
            out.append("\n    \t").append(flag.usage());
            if (!flag.defaultValue().isEmpty() && !flag.defaultValue().equals("false")) {
                out.append(" (default ").append(flag.type() == Flag.Type.STRING ? "\"" + flag.defaultValue()
                        + "\"" : flag.defaultValue()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
