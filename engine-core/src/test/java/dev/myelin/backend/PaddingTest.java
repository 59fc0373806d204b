package dev.myelin.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaddingTest {

    /** Expected values from TensorFlow's conv_output_length / get_pad rules, worked by hand. */
    @ParameterizedTest
    @CsvSource({
            // in, kernel, stride, padding, out, padBefore, padAfter
            "28, 5, 1, VALID, 24, 0, 0",
            "28, 5, 1, SAME, 28, 2, 2",
            "20, 3, 1, SAME, 20, 1, 1",
            "20, 2, 2, SAME, 10, 0, 0",
            "7, 2, 2, VALID, 3, 0, 0",
            "7, 2, 2, SAME, 4, 0, 1",
            "7, 3, 2, SAME, 4, 1, 1",
            "8, 4, 1, SAME, 8, 1, 2",
            "13, 5, 3, SAME, 5, 2, 2",
            "13, 5, 3, VALID, 3, 0, 0",
            "1, 1, 1, SAME, 1, 0, 0",
    })
    void matchesKeras(int in, int kernel, int stride, Padding padding, int out, int before, int after) {
        assertEquals(out, padding.outputLength(in, kernel, stride));
        int[] pads = padding.pads(in, kernel, stride);
        assertEquals(before, pads[0]);
        assertEquals(after, pads[1]);
        Conv2dGeometry g = Conv2dGeometry.of(1, in, in, 1, 1, kernel, kernel, stride, stride, padding);
        assertEquals(out, g.outH());
        assertEquals(out, g.outW());
        Pool2dGeometry p = Pool2dGeometry.of(1, in, in, 1, kernel, kernel, stride, stride, padding);
        assertEquals(out, p.outH());
    }
}
