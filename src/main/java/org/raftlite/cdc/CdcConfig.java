package org.raftlite.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.raftlite.command.GoDuration;

/**
 * rqlite's {@code -cdc-config}: an HTTP(S) endpoint URL (every other setting at its default), {@code stdout}, or the
 * path of a JSON file with rqlite's keys, environment variables in it expanded. Durations are Go duration strings
 * or integer nanoseconds (rqlite's file holds a Go {@code time.Duration}); the retry policy is {@code linear} or
 * {@code exponential} (also rqlite's constant names, or 0 and 1).
 *
 * @param endpoint    where batches are posted, or {@code stdout}
 * @param maxRetries  retries of one batch before it is dropped; -1 for forever (the key left out)
 */
public record CdcConfig(String endpoint, String serviceId, boolean rowIdsOnly, Pattern tableFilter, int maxBatchSize,
                        Duration maxBatchDelay, Duration highWatermarkInterval, Duration transmitTimeout,
                        int maxRetries, boolean exponential, Duration minBackoff, Duration maxBackoff, Tls tls) {

    /** The {@code tls} object: how an {@code https} endpoint is trusted and what this node presents to it. */
    public record Tls(String caCertFile, String certFile, String keyFile, boolean insecureSkipVerify,
                      String serverName) {
    }

    /** A configuration rqlited would refuse; the node does not start. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Set<String> KEYS = Set.of("endpoint", "service_id", "row_ids_only", "table_filter",
            "max_batch_size", "max_batch_delay", "high_watermark_interval", "transmit_timeout",
            "transmit_max_retries", "transmit_retry_policy", "transmit_min_backoff", "transmit_max_backoff", "tls");
    private static final Set<String> TLS_KEYS = Set.of("ca_cert_file", "cert_file", "key_file",
            "insecure_skip_verify", "server_name");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    public static final String STDOUT = "stdout";
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");

    public boolean toStdout() {
        return endpoint.equalsIgnoreCase(STDOUT);
    }

    /** The endpoint as /status shows it: without the user and password of its URL. */
    public String sinkName() {
        if (toStdout()) {
            return STDOUT;
        }
        URI uri = URI.create(endpoint);
        return uri.getUserInfo() == null ? endpoint : endpoint.replace(uri.getRawUserInfo() + "@", "");
    }

    /** The configuration {@code -cdc-config} names. */
    public static CdcConfig parse(String flag) {
        // rqlited reads anything but an http(s) URL as a file; a URL of another scheme is named for what it is
        if (URL.matcher(flag).lookingAt() || flag.equalsIgnoreCase(STDOUT)) {
            return of(Map.of("endpoint", flag), new ObjectMapper().createObjectNode());
        }
        String text;
        try {
            text = expand(Files.readString(Path.of(flag)));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Invalid("cdc: config file " + flag + " does not exist");
        } catch (IOException e) {
            throw new Invalid("cdc: reading config file " + flag + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid("cdc: config file " + flag + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid("cdc: reading config file " + flag + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("cdc: config file " + flag + " must hold a JSON object");
        }
        return of(Map.of(), root);
    }

    private static CdcConfig of(Map<String, String> given, JsonNode json) {
        unknownKeys(json, KEYS, "");
        String endpoint = given.getOrDefault("endpoint", text(json, "endpoint", ""));
        checkEndpoint(endpoint);
        int batch = json.has("max_batch_size") ? integer(json, "max_batch_size") : 10;
        if (batch <= 0) {
            throw new Invalid("cdc: max_batch_size must be greater than 0");
        }
        int retries = json.hasNonNull("transmit_max_retries") ? integer(json, "transmit_max_retries") : -1;
        return new CdcConfig(endpoint, text(json, "service_id", ""), bool(json, "row_ids_only"), filter(json),
                batch, duration(json, "max_batch_delay", Duration.ofMillis(200)),
                duration(json, "high_watermark_interval", Duration.ofSeconds(1)),
                duration(json, "transmit_timeout", Duration.ofSeconds(5)), Math.max(retries, -1), exponential(json),
                duration(json, "transmit_min_backoff", Duration.ofSeconds(1)),
                duration(json, "transmit_max_backoff", Duration.ofSeconds(30)), tls(json.get("tls")));
    }

    private static void checkEndpoint(String endpoint) {
        if (endpoint.isEmpty()) {
            throw new Invalid("cdc: endpoint is required");
        }
        if (endpoint.equalsIgnoreCase(STDOUT)) {
            return;
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw new Invalid("cdc: invalid endpoint " + endpoint + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Invalid("cdc: unsupported scheme \"" + scheme + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Invalid("cdc: invalid endpoint " + endpoint + ": no host");
        }
    }

    private static void unknownKeys(JsonNode json, Set<String> known, String prefix) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Invalid("cdc: unknown config key \"" + prefix + name + "\"");
            }
        }
    }

    private static Pattern filter(JsonNode json) {
        String re = text(json, "table_filter", "");
        if (re.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new Invalid("cdc: invalid table_filter " + re + ": " + e.getDescription());
        }
    }

    private static boolean exponential(JsonNode json) {
        JsonNode p = json.get("transmit_retry_policy");
        if (p == null || p.isNull()) {
            return false;
        }
        String s = p.asText().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "linear", "linearretrypolicy", "0" -> false;
            case "exponential", "exponentialretrypolicy", "1" -> true;
            default -> throw new Invalid("cdc: invalid transmit_retry_policy: unknown retry policy: " + p.asText());
        };
    }

    private static Tls tls(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            throw new Invalid("cdc: tls must be a JSON object");
        }
        unknownKeys(json, TLS_KEYS, "tls.");
        Tls tls = new Tls(text(json, "ca_cert_file", ""), text(json, "cert_file", ""), text(json, "key_file", ""),
                bool(json, "insecure_skip_verify"), text(json, "server_name", ""));
        if (!tls.serverName().isEmpty()) {
            throw new Invalid("cdc: tls.server_name is not supported by this raftlite version");
        }
        if (tls.certFile().isEmpty() != tls.keyFile().isEmpty()) {
            throw new Invalid("cdc: tls.cert_file and tls.key_file must be given together");
        }
        return tls;
    }

    private static String text(JsonNode json, String key, String otherwise) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw new Invalid("cdc: " + key + " must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode json, String key) {
        JsonNode v = json.get(key);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw new Invalid("cdc: " + key + " must be true or false");
        }
        return v != null && v.asBoolean();
    }

    private static int integer(JsonNode json, String key) {
        JsonNode v = json.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new Invalid("cdc: " + key + " must be an integer");
        }
        return v.asInt();
    }

    private static Duration duration(JsonNode json, String key, Duration otherwise) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        Long nanos = v.isIntegralNumber() ? Long.valueOf(v.asLong()) : v.isTextual() ? GoDuration.parseNanos(
                v.asText()) : null;
        if (nanos == null || nanos < 0) {
            throw new Invalid("cdc: invalid " + key + ": " + v + " is not a duration");
        }
        return Duration.ofNanos(nanos);
    }

    /** Go's {@code os.ExpandEnv}: $NAME and ${NAME}, an unset variable as nothing. */
    private static String expand(String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(System.getenv().getOrDefault(name, "")));
        }
        return m.appendTail(out).toString();
    }
}
