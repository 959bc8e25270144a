package org.raftlite.cli;

import java.math.BigInteger;
import java.util.Locale;

/** Go's {@code strconv.ParseInt(s, 0, 64)} and {@code ParseUint}: a sign, 0x/0o/0b or a leading 0, and '_'. */
final class GoIntegers {

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoIntegers() {
    }

    /** The number {@code text} spells, or null when Go would not read it as one. */
    static BigInteger parse(String text) {
        String s = text;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
            radix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
            s = s.substring(2);
            if (s.startsWith("_")) {
                s = s.substring(1);
            }
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty() || s.startsWith("-") || s.startsWith("+") || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
            return null;
        }
        try {
            BigInteger n = new BigInteger(s.replace("_", ""), radix);
            return negative ? n.negate() : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean fits(BigInteger n, boolean unsigned) {
        return unsigned ? n.signum() >= 0 && n.compareTo(MAX_UINT64) <= 0 : n.bitLength() < 64;
    }
}
