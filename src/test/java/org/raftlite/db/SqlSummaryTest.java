package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Span names follow OpenTelemetry's database conventions: the operation and the table it touches. */
class SqlSummaryTest {

    @Test
    void namesTheOperationAndTheTable() {
        assertEquals(new SqlSummary("INSERT", "foo"), SqlSummary.of("insert into foo(name) values('x')"));
        assertEquals(new SqlSummary("INSERT", "foo"), SqlSummary.of("INSERT OR REPLACE INTO \"foo\" VALUES(1)"));
        assertEquals(new SqlSummary("SELECT", "main.foo"), SqlSummary.of("SELECT * FROM main.foo WHERE id = 1"));
        assertEquals(new SqlSummary("UPDATE", "foo"), SqlSummary.of("UPDATE OR IGNORE foo SET x = 1"));
        assertEquals(new SqlSummary("DELETE", "foo"), SqlSummary.of("  -- why\n DELETE FROM [foo]"));
        assertEquals(new SqlSummary("CREATE", "foo"), SqlSummary.of("CREATE TABLE IF NOT EXISTS foo (id INTEGER)"));
        assertEquals(new SqlSummary("SELECT", null), SqlSummary.of("SELECT 1"));
        assertEquals(new SqlSummary("PRAGMA", null), SqlSummary.of("PRAGMA user_version"));
        assertEquals(new SqlSummary("", null), SqlSummary.of("   "));
    }
}
