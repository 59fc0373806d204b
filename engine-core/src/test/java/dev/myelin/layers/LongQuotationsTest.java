package dev.myelin.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LongQuotationsTest {
    @Test
    void aLongQuotedStringKeepsItsStartAndSaysItsLength() {
        String quoted = "ab cd".repeat(100); // 500 characters with spaces, so only the quote rule sees it whole
        String m = LongQuotations.shorten("field \"activation\": unknown activation \"" + quoted + "\"; known: relu, tanh");
        assertEquals("field \"activation\": unknown activation \"" + quoted.substring(0, 60) + "...\" (500 characters); known: relu, tanh", m);
    }

    @Test
    void aLongUnquotedRunIsCutTheSameWay() {
        String run = "x".repeat(300);
        assertEquals("unknown format " + "x".repeat(60) + "... (300 characters) in model.json",
                LongQuotations.shorten("unknown format " + run + " in model.json"));
    }

    @Test
    void shortMessagesAndQuotationsAreUntouched() {
        String m = "field \"units\": expected an integer in [1, 2147483647], found \"relu\" (a string) " + "y".repeat(199);
        assertEquals(m, LongQuotations.shorten(m));
        assertNull(LongQuotations.shorten(null));
    }

    @Test
    void manyShortWordsAreCutAtTheMaximumLength() {
        String m = "word ".repeat(2_000);
        String s = LongQuotations.shorten(m);
        assertEquals(m.substring(0, LongQuotations.MAX) + "... (10000 characters in all)", s);
    }
}
