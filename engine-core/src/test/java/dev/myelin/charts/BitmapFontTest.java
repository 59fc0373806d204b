package dev.myelin.charts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BitmapFontTest {
    private static final int INK = 0xff000000;

    @Test
    void everyPrintableCharacterHasAGlyphAndOnlySpaceIsBlank() {
        for (char ch = 0x20; ch <= 0x7e; ch++) {
            int lit = 0;
            for (int col = 0; col < BitmapFont.GLYPH_WIDTH; col++) {
                for (int row = 0; row <= BitmapFont.CAP_HEIGHT; row++) if (BitmapFont.lit(ch, col, row)) lit++;
            }
            assertEquals(ch == ' ', lit == 0, "glyph of '" + ch + "' has " + lit + " pixels");
        }
    }

    @Test
    void glyphsHaveTheirShapes() {
        // '1': a full-height stem in the middle column; '-': a bar across the middle row only
        for (int row = 0; row < BitmapFont.CAP_HEIGHT; row++) assertTrue(BitmapFont.lit('1', 2, row), "stem of 1 at row " + row);
        for (int col = 0; col < BitmapFont.GLYPH_WIDTH; col++) {
            for (int row = 0; row <= BitmapFont.CAP_HEIGHT; row++) assertEquals(row == 3, BitmapFont.lit('-', col, row), "- at " + col + "," + row);
        }
        assertTrue(BitmapFont.lit('p', 0, 7) && !BitmapFont.lit('o', 0, 7), "p descends below the line, o does not");
        assertEquals(BitmapFont.lit('?', 2, 0), BitmapFont.lit('\u00e9', 2, 0), "characters without a glyph are drawn as ?");
    }

    @Test
    void drawsScaledGlyphsWhereAsked() {
        RasterCanvas c = new RasterCanvas(40, 20, 0xffffffff);
        BitmapFont.draw(c, "-1", 3, 2, 2, INK);
        // '-' is row 3 of the first cell: pixels y = 2 + 3*2 .. +1, x = 3 .. 3 + 5*2 - 1
        assertEquals(0, c.rgb(3, 8));
        assertEquals(0, c.rgb(12, 9));
        assertEquals(0xffffff, c.rgb(3, 7));
        assertEquals(0xffffff, c.rgb(13, 8), "the gap between glyphs");
        // '1' starts one advance (6 pixels, times 2) later; its stem is column 2
        assertEquals(0, c.rgb(3 + 12 + 4, 2));
        assertEquals(BitmapFont.width("-1", 2), (6 + 5) * 2);
    }

    @Test
    void drawsUpwardsForAxisTitles() {
        RasterCanvas c = new RasterCanvas(20, 30, 0xffffffff);
        BitmapFont.drawUpwards(c, "-", 5, 25, 1, INK);
        // the bar (row 3, columns 0-4) turns into a column at x = 5 + 3 running up from y = 24 to 20
        for (int y = 20; y <= 24; y++) assertEquals(0, c.rgb(8, y), "bar at y " + y);
        assertEquals(0xffffff, c.rgb(8, 25));
        assertEquals(0xffffff, c.rgb(7, 22));
    }
}
