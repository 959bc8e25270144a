package org.raftlite.http;

import java.time.Duration;

/** Go's {@code time.Duration.String()}: "1h2m3.5s", "12.5ms", "11.976µs". */
final class GoDurations {

    private GoDurations() {
    }

    static String format(Duration d) {
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
}
