package dev.myelin.charts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RasterCanvasTest {
    private static final int WHITE = 0xffffffff, BLUE = 0xff0000ff;

    @Test
    void fillRectIsClippedAndExact() {
        RasterCanvas c = new RasterCanvas(10, 8, WHITE);
        c.fillRect(-3, 6, 5, 10, BLUE);   // reaches past the left and bottom edges
        assertEquals(0x0000ff, c.rgb(0, 7));
        assertEquals(0x0000ff, c.rgb(1, 6));
        assertEquals(0xffffff, c.rgb(2, 6), "the rectangle ends at x = -3 + 5");
        assertEquals(0xffffff, c.rgb(0, 5));
    }

    @Test
    void translucentColoursBlendOverWhatIsThere() {
        RasterCanvas c = new RasterCanvas(2, 1, 0xff000000);
        c.fillRect(0, 0, 1, 1, 0x80ffffff);   // alpha 128/255 white over black
        assertEquals(0x808080, c.rgb(0, 0));
        assertEquals(0x000000, c.rgb(1, 0));
    }

    @Test
    void aHorizontalLineCoversItsRowsFullyAndItsEdgesPartly() {
        RasterCanvas c = new RasterCanvas(20, 11, WHITE);
        c.strokePolyline(new double[] {3, 16}, new double[] {5, 5}, 2, BLUE);
        // width 2 centred on row 5: row 5 is inside, rows 4 and 6 half covered (distance 1 from the centre line)
        assertEquals(0x0000ff, c.rgb(10, 5));
        int half = c.rgb(10, 4);
        assertEquals(half, c.rgb(10, 6), "symmetric about the centre line");
        // half blue over white: red and green 255 * 0.5 = 127.5, so 127 or 128 depending on rounding
        assertEquals(0xff, half & 0xff);
        assertTrue(Math.abs((half >> 16) - 127.5) < 1 && Math.abs((half >> 8 & 0xff) - 127.5) < 1, Integer.toHexString(half));
        assertEquals(0xffffff, c.rgb(10, 2), "nothing two pixels beyond the stroke");
        assertEquals(0xffffff, c.rgb(0, 5), "nothing beyond the round cap");
    }

    @Test
    void aDiagonalLineIsContinuousAndAntiAliased() {
        RasterCanvas c = new RasterCanvas(30, 30, WHITE);
        c.strokePolyline(new double[] {2, 27}, new double[] {2, 27}, 2.2, BLUE);
        boolean partial = false;
        for (int i = 2; i <= 27; i++) {
            assertEquals(0x0000ff, c.rgb(i, i), "on the line at " + i);
            int side = c.rgb(i + 1, i);
            partial |= side != 0x0000ff && side != 0xffffff;
        }
        assertTrue(partial, "edge pixels are mixed, not just on or off");
        assertEquals(0xffffff, c.rgb(20, 5));
    }

    @Test
    void jointsAreNotDarkerThanTheStroke() {
        // a translucent stroke: if joint pixels were painted once per segment they would come out darker
        RasterCanvas c = new RasterCanvas(30, 30, WHITE);
        c.strokePolyline(new double[] {2, 15, 28}, new double[] {15, 15, 15}, 3, 0x800000ff);
        assertEquals(c.rgb(8, 15), c.rgb(15, 15));
    }

    @Test
    void aCircleIsFilledToItsRadius() {
        RasterCanvas c = new RasterCanvas(21, 21, WHITE);
        c.fillCircle(10, 10, 4.5, BLUE);
        assertEquals(0x0000ff, c.rgb(10, 10));
        assertEquals(0x0000ff, c.rgb(14, 10), "distance 4, inside radius 4.5 minus the half-pixel ramp");
        assertEquals(0xffffff, c.rgb(16, 10), "distance 6, beyond the ramp");
        assertEquals(0xffffff, c.rgb(14, 14), "corner of the bounding square, distance 5.7");
    }
}
