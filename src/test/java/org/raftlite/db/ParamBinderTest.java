package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raftlite.command.Param;
import org.sqlite.SQLiteConfig;

/** Parameters reach the slots rqlited's driver gives them: the i-th value slot i, a name every slot of that name. */
class ParamBinderTest {

    @Test
    void parametersGoToTheSlotsSqliteNumbers() throws Exception {
        assertEquals(List.of("a", "b"), row("SELECT ?, ?", Param.positional("a"), Param.positional("b")));
        assertEquals(List.of("a", "a"), row("SELECT ?1, ?1", Param.positional("a")));
        assertEquals(List.of("12:00", "a"), row("SELECT '12:00', ?", Param.positional("a")));
        assertEquals(List.of("x", "y", "x"), row("SELECT :p, @q, :p", new Param("q", "y"), new Param("p", "x")));
        assertEquals(List.of("1", "2"), row("SELECT ?, ?", Param.positional(1L), Param.positional(2L)));
    }

    @Test
    void theNthValueGoesToSlotNWhereverTheTextNumbersIt() throws Exception {
        assertEquals(List.of("b", "a"), row("SELECT ?2, ?1", Param.positional("a"), Param.positional("b")));
        assertEquals(List.of("x", "x", "y"), row("SELECT ?1, ?1, ?2", Param.positional("x"), Param.positional("y")));
        assertEquals(List.of("a", "b", "c"), row("SELECT ?1, ?, ?", Param.positional("a"), Param.positional("b"),
                Param.positional("c")));
    }

    @Test
    void aNameAfterANumberedSlotTakesTheNextNumber() throws Exception {
        assertEquals(List.of("unbound", "x"), row("SELECT coalesce(?2, 'unbound'), :p", new Param("p", "x")));
        assertEquals(List.of("x", "x"), row("SELECT :p, $p", new Param("p", "x")));
    }

    private static List<String> row(String sql, Param... params) throws Exception {
        try (Connection conn = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
                var ps = conn.prepareStatement(sql)) {
            ParamBinder.bind(ps, sql, List.of(params));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }
        }
    }
}
