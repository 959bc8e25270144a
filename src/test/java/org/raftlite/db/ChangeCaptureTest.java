package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftlite.command.Command;
import org.raftlite.command.Statement;
import org.raftlite.command.StatementResult;
import org.raftlite.testing.Dirs;

/** The rows CDC sees, read from what SQLite changed on a real file (TEMP triggers on the writer). */
class ChangeCaptureTest {

    private Path dir;
    private Database db;

    private void open(ChangeFilter filter) throws Exception {
        dir = Files.createTempDirectory("capture");
        db = Database.open(dir, true, StatementObserver.NONE, filter);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        Dirs.deleteQuietly(dir);
    }

    private List<StatementResult> run(String... sql) throws Exception {
        return db.apply(new Command(Command.Kind.EXECUTE, Arrays.stream(sql).map(Statement::of).toList(), false,
                false, 0));
    }

    /** The changes of the last entry, one line each: op table old new before after. */
    private List<String> changes() {
        return db.takeChanges().stream().map(ChangeCaptureTest::line).toList();
    }

    private static String line(RowChange c) {
        return c.op() + " " + c.table() + " " + c.oldRowId() + " " + c.newRowId() + " " + image(c.before()) + " "
                + image(c.after());
    }

    private static String image(Map<String, Object> row) {
        if (row == null) {
            return "-";
        }
        return row.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() instanceof byte[] b
                ? "x'" + HexFormat.of().formatHex(b) + "'" : e.getValue() == null ? "null"
                : e.getValue().getClass().getSimpleName() + ":" + e.getValue())).collect(Collectors.joining(",",
                "{", "}"));
    }

    @Test
    void insertsUpdatesAndDeletesCarryTypedImagesWithColumnsInGoOrder() throws Exception {
        open(new ChangeFilter(null, false));
        run("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, weight REAL, data BLOB, ssn TEXT)");
        assertEquals(List.of(), changes());
        run("INSERT INTO foo VALUES (5, 'fiona', 167.3, x'010203', NULL)");
        assertEquals(List.of("INSERT foo 0 5 - {data=x'010203',id=Long:5,name=String:fiona,ssn=null,"
                + "weight=Double:167.3}"), changes());
        run("UPDATE foo SET name = 'declan' WHERE id = 5");
        assertEquals(List.of("UPDATE foo 5 5 {data=x'010203',id=Long:5,name=String:fiona,ssn=null,weight=Double:167.3}"
                + " {data=x'010203',id=Long:5,name=String:declan,ssn=null,weight=Double:167.3}"), changes());
        run("UPDATE foo SET name = 'x' WHERE id = 99");
        assertEquals(List.of(), changes());
        run("DELETE FROM foo WHERE id = 5");
        assertEquals(List.of("DELETE foo 5 0 {data=x'010203',id=Long:5,name=String:declan,ssn=null,"
                + "weight=Double:167.3} -"), changes());
    }

    @Test
    void multiRowStatementsUpsertsReplaceAndTriggersAreRowsSqliteChanged() throws Exception {
        open(new ChangeFilter(null, false));
        run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
        run("INSERT INTO t(v) VALUES ('a'), ('b'), ('c')");
        assertEquals(List.of("INSERT t 0 1 - {id=Long:1,v=String:a}", "INSERT t 0 2 - {id=Long:2,v=String:b}",
                "INSERT t 0 3 - {id=Long:3,v=String:c}"), changes());
        run("INSERT INTO t(id, v) VALUES (1, 'z') ON CONFLICT(id) DO UPDATE SET v = excluded.v");
        assertEquals(List.of("UPDATE t 1 1 {id=Long:1,v=String:a} {id=Long:1,v=String:z}"), changes());
        run("REPLACE INTO t(id, v) VALUES (7, 'b')");
        assertEquals(List.of("DELETE t 2 0 {id=Long:2,v=String:b} -", "INSERT t 0 7 - {id=Long:7,v=String:b}"),
                changes());
        run("CREATE TABLE audit (what TEXT)",
                "CREATE TRIGGER log AFTER DELETE ON t BEGIN INSERT INTO audit VALUES ('gone ' || OLD.v); END");
        assertEquals(List.of(), changes());
        run("DELETE FROM t WHERE id = 3");
        assertEquals(List.of("DELETE t 3 0 {id=Long:3,v=String:c} -", "INSERT audit 0 1 - {what=String:gone c}"),
                changes());
    }

    @Test
    void rowsOfFailedStatementsAndRolledBackTransactionsAreNotReported() throws Exception {
        open(new ChangeFilter(null, false));
        run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)", "INSERT INTO t(v) VALUES ('a')");
        changes();
        List<StatementResult> results = run("INSERT INTO t(v) VALUES ('b'), ('a')", "INSERT INTO t(v) VALUES ('c')");
        assertEquals("UNIQUE constraint failed: t.v", results.get(0).error());
        assertEquals(List.of("INSERT t 0 2 - {id=Long:2,v=String:c}"), changes());
        db.apply(new Command(Command.Kind.EXECUTE, List.of(Statement.of("INSERT INTO t(v) VALUES ('d')"),
                Statement.of("INSERT INTO t(v) VALUES ('a')")), true, false, 0));
        assertEquals(List.of(), changes());
    }

    @Test
    void schemaChangesInsideARequestAreFollowedAlsoAcrossAlterTable() throws Exception {
        open(new ChangeFilter(null, false));
        run("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b)", "INSERT INTO t VALUES (1, 'x', 'y')");
        assertEquals(List.of("INSERT t 0 1 - {a=String:x,b=String:y,id=Long:1}"), changes());
        List<StatementResult> results = run("ALTER TABLE t DROP COLUMN b", "ALTER TABLE t ADD COLUMN c",
                "UPDATE t SET c = 2");
        assertNull(results.get(0).error());
        assertEquals(List.of("UPDATE t 1 1 {a=String:x,c=null,id=Long:1} {a=String:x,c=Long:2,id=Long:1}"),
                changes());
        run("DROP TABLE t", "CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", "INSERT INTO t VALUES ('k', 1)");
        assertEquals(List.of("INSERT t 0 0 - {k=String:k,v=Long:1}"), changes());
        // a transaction that made a table (and its triggers, and wider capture) and then failed takes all of them
        // away; the same schema version again must not be taken for the triggers being there
        db.apply(new Command(Command.Kind.EXECUTE, List.of(Statement.of("CREATE TABLE z (a, b, c, d)"),
                Statement.of("INSERT INTO z VALUES (1, 1, 1, 1)"), Statement.of("INSERT INTO nope VALUES (1)")), true,
                false, 0));
        assertEquals(List.of(), changes());
        run("CREATE TABLE z (a, b, c, d)", "INSERT INTO z VALUES (2, 3, 4, 5)");
        assertEquals(List.of("INSERT z 0 1 - {a=Long:2,b=Long:3,c=Long:4,d=Long:5}"), changes());
    }

    @Test
    void entriesSharingATransactionKeepTheirOwnRowsAndAnUndoneOneNone() throws Exception {
        open(new ChangeFilter(null, false));
        run("CREATE TABLE t (id INTEGER PRIMARY KEY, v)");
        db.applyShared(new Command(Command.Kind.EXECUTE, List.of(Statement.of("INSERT INTO t(v) VALUES (1)")), false,
                false, 0));
        List<String> first = changes();
        db.applyShared(new Command(Command.Kind.EXECUTE, List.of(Statement.of("INSERT INTO t(v) VALUES (2)")), false,
                false, 0));
        List<String> second = changes();
        db.commitShared();
        assertEquals(List.of("INSERT t 0 1 - {id=Long:1,v=Long:1}"), first);
        assertEquals(List.of("INSERT t 0 2 - {id=Long:2,v=Long:2}"), second);
        db.applyShared(new Command(Command.Kind.EXECUTE, List.of(Statement.of("INSERT INTO t(v) VALUES (3)")), false,
                false, 0));
        changes();
        assertNull(db.applyShared(new Command(Command.Kind.EXECUTE, List.of(
                Statement.of("INSERT OR ROLLBACK INTO t(id, v) VALUES (1, 0)")), false, false, 0)));
        run("INSERT INTO t(v) VALUES (4)");
        assertEquals(List.of("INSERT t 0 3 - {id=Long:3,v=Long:4}"), changes());
    }

    @Test
    void tableFilterAndRowIdsOnlyAsRqliteHasThem() throws Exception {
        open(new ChangeFilter(Pattern.compile("^foo.*"), true));
        run("CREATE TABLE foo (id INTEGER PRIMARY KEY, v)", "CREATE TABLE foobar (id INTEGER PRIMARY KEY, v)",
                "CREATE TABLE bar (id INTEGER PRIMARY KEY, v)");
        run("INSERT INTO foo(v) VALUES (1)", "INSERT INTO bar(v) VALUES (1)", "INSERT INTO foobar(v) VALUES (1)",
                "UPDATE foo SET v = 2");
        assertEquals(List.of("INSERT foo 0 1 - -", "INSERT foobar 0 1 - -", "UPDATE foo 1 1 - -"), changes());
    }

    @Test
    void whatClientsSeeDoesNotChangeWithCapture() throws Exception {
        open(new ChangeFilter(null, false));
        List<StatementResult> results = run("CREATE TABLE t (id INTEGER PRIMARY KEY, v)",
                "INSERT INTO t(v) VALUES (1), (2)", "CREATE TABLE u (x)");
        assertEquals(new StatementResult.Executed(2, 2, null, -1), results.get(1));
        assertEquals(new StatementResult.Executed(2, 2, null, -1), results.get(2));
        changes();
        results = run("CREATE TABLE w (x)");
        assertEquals(new StatementResult.Executed(2, 2, null, -1), results.get(0));
    }
}
