package org.raftlite.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Go's encoding/json output, pinned with values Go itself prints. */
class GoJsonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.0, 1", "20.0, 20", "1.5, 1.5", "0.1, 0.1", "-2.5, -2.5", "2.26e-7, 2.26e-7", "0.000001, 0.000001",
            "0.0000001, 1e-7", "1e20, 100000000000000000000", "1e21, 1e+21", "1.2345e22, 1.2345e+22",
            "123456789.125, 123456789.125", "0.00886, 0.00886", "1.0e-10, 1e-10", "-1e-7, -1e-7"})
    void floatsFormatAsGo(double value, String expected) {
        assertEquals(expected, GoJson.formatFloat(value));
    }

    @Test
    void stringsEscapeAsGo() {
        assertEquals("\"\\u003cb\\u003e \\u0026 \\\"x\\\" \\\\ \\n\\t\\r \\u0001 \\u2028 é 🎉\"",
                GoJson.write("<b> & \"x\" \\ \n\t\r \u0001 \u2028 é 🎉", false));
    }

    @Test
    void compactAndIndentedDocuments() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("b", List.of());
        doc.put("a", Map.of());
        doc.put("c", List.of(1L, "x", new byte[] {1, 2, 3}, true));
        doc.put("d", null);
        assertEquals("{\"b\":[],\"a\":{},\"c\":[1,\"x\",\"AQID\",true],\"d\":null}", GoJson.write(doc, false));
        assertEquals("{\n    \"b\": [],\n    \"a\": {},\n    \"c\": [\n        1,\n        \"x\",\n"
                + "        \"AQID\",\n        true\n    ],\n    \"d\": null\n}", GoJson.write(doc, true));
    }
}
