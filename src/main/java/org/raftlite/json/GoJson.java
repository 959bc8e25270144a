package org.raftlite.json;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON byte for byte as Go's encoding/json does, which rqlite's clients and tests compare against: compact
 * or indented by four spaces, {@code <>&} and U+2028/9 escaped, floats in Go's shortest form ({@code 1} for 1.0,
 * exponent form below 1e-6 and from 1e21), byte arrays as padded base64. Maps keep their insertion order.
 */
public final class GoJson {

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private GoJson(boolean pretty) {
        this.pretty = pretty;
    }

    /** The order Go's encoder gives a map's keys: by their UTF-8 bytes, which is the order of their code points. */
    public static final java.util.Comparator<String> GO_KEY_ORDER = (a, b) -> {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** An object that Go would write from a map: keys sorted, a repeated key keeping its last value. */
    public static <V> Map<String, V> goMap() {
        return new java.util.TreeMap<>(GO_KEY_ORDER);
    }

    /** Values: null, String, Long, Integer, Double, Boolean, byte[], List, Map with String keys. */
    public static String write(Object value, boolean pretty) {
        GoJson json = new GoJson(pretty);
        json.value(value, 0);
        return json.out.toString();
    }

    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Long || v instanceof Integer) {
            out.append(v);
        } else if (v instanceof Double d) {
            out.append(formatFloat(d));
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof byte[] bytes) {
            out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
        } else if (v instanceof List<?> list) {
            array(list, depth);
        } else if (v instanceof Map<?, ?> map) {
            object(map, depth);
        } else {
            string(v.toString());
        }
    }

    private void array(List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(depth + 1);
            value(list.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(depth + 1);
            string(e.getKey().toString());
            out.append(pretty ? ": " : ":");
            value(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n');
            out.append("    ".repeat(depth));
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c);
                    } else if (Character.isSurrogate(c) && !validSurrogatePair(s, i)) {
                        out.append("\ufffd");
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void unicodeEscape(char c) {
        out.append(String.format("\\u%04x", (int) c));
    }

    /** Go's {@code strconv.FormatFloat(f, 'f' or 'e', -1, 64)} as encoding/json chooses between them. */
    public static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = d < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
