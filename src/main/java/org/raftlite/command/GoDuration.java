package org.raftlite.command;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} ("300ms", "1.5h", "2h45m", "0") and {@code Duration.String()} ("2m0s"). */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    /** Nanoseconds, or null when {@code text} is not a Go duration. */
    public static Long parseNanos(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0L;
        }
        Matcher m = PART.matcher(s);
        double total = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            total += Double.parseDouble(m.group(1)) * unit(m.group(2));
            at = m.end();
        }
        return at == 0 ? null : (long) (negative ? -total : total);
    }

    /** Go's {@code time.Duration.String()}: "1h2m3.5s", "12.5ms", "11.976µs". */
    public static String format(java.time.Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + trim(n / 1e3) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + trim(n / 1e6) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = (n / 60_000_000_000L) % 60;
        double seconds = (n % 60_000_000_000L) / 1e9;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trim(seconds)).append('s').toString();
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static double unit(String u) {
        return switch (u) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}
