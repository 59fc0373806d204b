package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link NarrowConvolution#tapRun}: the run length the vector forward loops over, checked on hand-written tap tables. */
class TapRunTest {
    @Test
    void windowRowsOfConsecutiveOffsetsAreRuns() {
        // A 2x3 window on 2 channels, rows 40 floats apart: two runs of 6.
        int[] taps = {0, 1, 2, 3, 4, 5, 40, 41, 42, 43, 44, 45};
        assertEquals(6, NarrowConvolution.tapRun(taps, 0, 12));
        assertEquals(6, NarrowConvolution.tapRun(taps, 6, 12));
        assertEquals(1, NarrowConvolution.tapRun(taps, 0, 0));
    }

    @Test
    void unevenOrBrokenRunsFallBackToSingleTaps() {
        // Dilated columns: runs of 2 channels, then a gap.
        assertEquals(2, NarrowConvolution.tapRun(new int[] {0, 1, 4, 5, 8, 9}, 0, 6));
        // A first run of 3 and a second of 2: not one length.
        assertEquals(1, NarrowConvolution.tapRun(new int[] {0, 1, 2, 10, 11}, 0, 5));
        // A second run of 3 that is not consecutive inside.
        assertEquals(1, NarrowConvolution.tapRun(new int[] {0, 1, 2, 10, 12, 13}, 0, 6));
    }
}
