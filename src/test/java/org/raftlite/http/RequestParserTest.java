package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raftlite.command.Param;
import org.raftlite.command.Statement;

/** A follower's queued batch travels to the leader as a body the leader's parser reads back unchanged. */
class RequestParserTest {

    @Test
    void aWrittenBodyParsesBackToTheSameStatementsAndValueTypes() {
        List<Statement> statements = List.of(Statement.of("CREATE TABLE t (a, b)"),
                new Statement("INSERT INTO t VALUES(?, ?, ?, ?, ?, :n)", List.of(Param.positional(1.0),
                        Param.positional(9007199254740993L), Param.positional("x'00'? no, text"),
                        Param.positional(new byte[] {0, (byte) 200}), Param.positional(null),
                        new Param("n", true)), false));
        byte[] body = RequestParser.write(statements);
        assertEquals("[[\"CREATE TABLE t (a, b)\"],[\"INSERT INTO t VALUES(?, ?, ?, ?, ?, :n)\",1.0,"
                + "9007199254740993,\"x'00'? no, text\",[0,200],null,{\"n\":true}]]",
                new String(body, StandardCharsets.UTF_8));
        List<Statement> back = RequestParser.parse(body);
        assertEquals(2, back.size());
        List<Param> params = back.get(1).params();
        assertEquals(1.0, params.get(0).value(), "a REAL stays a REAL");
        assertEquals(9007199254740993L, params.get(1).value());
        assertEquals("x'00'? no, text", params.get(2).value());
        assertArrayEquals(new byte[] {0, (byte) 200}, (byte[]) params.get(3).value());
        assertEquals(null, params.get(4).value());
        assertEquals("n", params.get(5).name());
        assertEquals(true, params.get(5).value());
    }
}
