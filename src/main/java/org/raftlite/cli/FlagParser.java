package org.raftlite.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.raftlite.command.GoDuration;

/**
 * Parses rqlited's command line with Go's {@code flag} rules: {@code -flag}, {@code --flag}, {@code -flag=value},
 * {@code -flag value} (not for booleans, which take {@code -flag} or {@code -flag=bool}), stopping at the first
 * non-flag argument or at {@code --}. Exactly one positional argument, the data directory, must follow.
 */
final class FlagParser {

    /**
     * A command line rqlited would refuse, with the exit status it would have: 2 for what Go's flag package
     * refuses, 1 for what rqlited's own checks refuse, 0 for {@code -h}.
     */
    static final class UsageException extends Exception {
        final int status;

        UsageException(String message) {
            this(message, 2);
        }

        UsageException(String message, int status) {
            super(message, null, false, false);
            this.status = status;
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
                throw new UsageException("", 0);
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
        if ("true".equals(values.get("version"))) {
            return new Parsed(values, null);
        }
        int positional = args.length - i;
        if (positional == 0) {
            throw new UsageException("fatal: data directory path is required", 1);
        }
        if (positional > 1) {
            throw new UsageException("arguments after data directory (" + args[i] + ") are not accepted ("
                    + String.join(" ", java.util.Arrays.copyOfRange(args, i + 1, args.length)) + ")", 1);
        }
        return new Parsed(values, args[i]);
    }

    /** The value in a canonical form, or Go's flag package's own message for a value it would refuse. */
    private static String checked(Flag flag, String value) throws UsageException {
        String bad = "invalid value \"" + value + "\" for flag -" + flag.name() + ": ";
        switch (flag.type()) {
            case BOOL -> {
                String b = parseBool(value);
                if (b == null) {
                    throw new UsageException("invalid boolean value \"" + value + "\" for -" + flag.name()
                            + ": parse error");
                }
                return b;
            }
            case INT, UINT -> {
                BigInteger n = GoIntegers.parse(value);
                if (n == null || flag.type() == Flag.Type.UINT && n.signum() < 0) {
                    throw new UsageException(bad + "parse error");
                }
                if (!GoIntegers.fits(n, flag.type() == Flag.Type.UINT)) {
                    throw new UsageException(bad + "value out of range");
                }
                return n.toString();
            }
            case DURATION -> {
                if (GoDuration.parseNanos(value) == null) {
                    throw new UsageException(bad + "parse error");
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

    /** Go's {@code flag.PrintDefaults}: flags sorted by name, zero defaults left out, durations as Go prints them. */
    static String usage() {
        StringBuilder out = new StringBuilder("\nraftlited is a Raft-replicated SQLite node, a drop-in for rqlited.\n\n"
                + "Usage: raftlited [flags] <data directory>\n");
        for (Flag flag : new TreeMap<>(FlagTable.FLAGS).values()) {
            out.append("  -").append(flag.name());
            if (flag.type() != Flag.Type.BOOL) {
                out.append(' ').append(typeName(flag.type()));
            }
            out.append("\n    \t").append(flag.usage());
            String shown = shownDefault(flag);
            if (shown != null) {
                out.append(" (default ").append(shown).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String typeName(Flag.Type type) {
        return type == Flag.Type.UINT ? "uint" : type.name().toLowerCase(Locale.ROOT);
    }

    private static String shownDefault(Flag flag) {
        String def = flag.defaultValue();
        return switch (flag.type()) {
            case BOOL -> def.equals("true") ? "true" : null;
            case STRING -> def.isEmpty() ? null : "\"" + def + "\"";
            case DURATION -> {
                long nanos = GoDuration.parseNanos(def);
                yield nanos == 0 ? null : GoDuration.format(java.time.Duration.ofNanos(nanos));
            }
            default -> def.equals("0") ? null : def;
        };
    }
}
