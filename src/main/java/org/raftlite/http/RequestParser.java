package org.raftlite.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raftlite.command.Param;
import org.raftlite.command.Statement;

/**
 * Parses rqlite's request bodies (API.md §3.1): a JSON array whose elements are SQL strings or
 * {@code [sql, params...]} arrays, a parameter being a scalar, a hex or byte-array BLOB, or an object of named ones.
 */
final class RequestParser {

    static final String INVALID_JSON = "invalid JSON body";
    static final String INVALID_REQUEST = "invalid request";
    static final String NO_STATEMENTS = "no statements";
    static final String UNSUPPORTED_TYPE = "unsupported type";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern HEX_BLOB = Pattern.compile("^[xX]'((?:[0-9a-fA-F]{2})*)'$");

    private RequestParser() {
    }

    /** The statements of a JSON body; empty SQL strings are dropped, as rqlite drops them. */
    static List<Statement> parse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException(INVALID_JSON);
        }
        if (root == null || !root.isArray()) {
            throw new BadRequestException(INVALID_JSON);
        }
        if (root.isEmpty()) {
            throw new BadRequestException(NO_STATEMENTS);
        }
        List<Statement> statements = new ArrayList<>(root.size());
        for (JsonNode element : root) {
            Statement statement = statement(element);
            if (!statement.sql().isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    private static Statement statement(JsonNode element) {
        if (element.isTextual()) {
            return Statement.of(element.textValue());
        }
        if (!element.isArray()) {
            throw new BadRequestException(INVALID_JSON);
        }
        if (element.isEmpty() || !element.get(0).isTextual()) {
            throw new BadRequestException(INVALID_REQUEST);
        }
        List<Param> params = new ArrayList<>();
        for (int i = 1; i < element.size(); i++) {
            JsonNode p = element.get(i);
            if (p.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = p.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    params.add(new Param(f.getKey(), value(f.getValue())));
                }
            } else {
                params.add(Param.positional(value(p)));
            }
        }
        return new Statement(element.get(0).textValue(), params, false);
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            BigInteger big = node.bigIntegerValue();
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            Matcher hex = HEX_BLOB.matcher(node.textValue().trim());
            return hex.matches() ? HexFormat.of().parseHex(hex.group(1)) : node.textValue();
        }
        if (node.isArray()) {
            return bytes(node);
        }
        throw new BadRequestException(UNSUPPORTED_TYPE);
    }

    /**
     * The JSON body that {@link #parse} reads back as {@code statements}, values of the same types included: how a
     * follower hands its queued batch to the leader.
     */
    static byte[] write(List<Statement> statements) {
        ArrayNode root = MAPPER.createArrayNode();
        for (Statement statement : statements) {
            ArrayNode element = root.addArray().add(statement.sql());
            ObjectNode named = null;
            for (Param param : statement.params()) {
                if (!param.isNamed()) {
                    element.add(node(param.value()));
                    continue;
                }
                if (named == null) {
                    named = MAPPER.createObjectNode();
                }
                named.set(param.name(), node(param.value()));
            }
            if (named != null) {
                element.add(named);
            }
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory nodes = MAPPER.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof byte[] bytes) {
            ArrayNode array = nodes.arrayNode(bytes.length);
            for (byte b : bytes) {
                array.add(b & 0xff);
            }
            return array;
        }
        return nodes.textNode(value.toString());
    }

    private static byte[] bytes(JsonNode array) {
        byte[] bytes = new byte[array.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode b = array.get(i);
            if (!b.isIntegralNumber() || b.asLong() < 0 || b.asLong() > 255) {
                throw new BadRequestException(UNSUPPORTED_TYPE);
            }
            bytes[i] = (byte) b.asInt();
        }
        return bytes;
    }
}
