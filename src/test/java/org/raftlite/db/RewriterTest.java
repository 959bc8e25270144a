package org.raftlite.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Non-determinism rewriting (API.md §11): what becomes a literal and what is left alone. */
class RewriterTest {

    /** 2024-01-01T00:00:00Z, whose julian day is 2460310.5. */
    private final Rewriter rewriter = new Rewriter(() -> 1_704_067_200_000L);

    @Test
    void randomBecomesAnIntegerLiteral() {
        String out = rewriter.rewrite("INSERT INTO t VALUES(random())", true, true);
        assertTrue(out.matches("INSERT INTO t VALUES\\((\\(-\\d+\\)|\\d+)\\)"), out);
    }

    @Test
    void randomblobBecomesABlobLiteralOfThatSize() {
        String out = rewriter.rewrite("INSERT INTO t VALUES(RANDOMBLOB(4))", true, true);
        assertTrue(out.matches("INSERT INTO t VALUES\\(x'[0-9a-f]{8}'\\)"), out);
    }

    @Test
    void nowInsideTimeFunctionsBecomesAJulianDay() {
        assertEquals("SELECT datetime(2460310.5), date(2460310.5, '+1 day'), strftime('%s', 2460310.5)",
                rewriter.rewrite("SELECT datetime('now'), date('NOW', '+1 day'), strftime('%s', 'now')", true, true));
    }

    @Test
    void stringsCommentsIdentifiersAndOrderByRandomAreLeftAlone() {
        for (String sql : new String[] {
                "SELECT 'random()', \"random()\" FROM t -- random()",
                "SELECT * FROM t ORDER BY RANDOM()",
                "SELECT * FROM t ORDER   BY random ( )",
                "SELECT 'now' FROM t",
                "SELECT /* datetime('now') */ 1"}) {
            assertEquals(sql, rewriter.rewrite(sql, true, true));
        }
    }

    @Test
    void flagsTurnRewritesOff() {
        assertEquals("SELECT random(), datetime('now')", rewriter.rewrite("SELECT random(), datetime('now')", false,
                false));
        assertTrue(rewriter.rewrite("SELECT random(), datetime('now')", false, true).contains("random()"));
        assertTrue(rewriter.rewrite("SELECT random(), datetime('now')", true, false).contains("'now'"));
    }

    @Test
    void negativeRandomsCannotTurnIntoComments() {
        for (int i = 0; i < 50; i++) {
            assertFalse(rewriter.rewrite("SELECT 5-random()", true, true).contains("--"));
        }
    }

    @Test
    void returningIsFoundOutsideStrings() {
        assertTrue(Rewriter.hasReturning("INSERT INTO t VALUES(1) RETURNING id"));
        assertFalse(Rewriter.hasReturning("INSERT INTO t VALUES('returning')"));
    }
}
