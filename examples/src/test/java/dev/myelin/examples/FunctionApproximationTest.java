package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;

class FunctionApproximationTest {

    @Test
    void gaussianBumpsFitTheFunction() {
        FunctionApproximation.Result r = FunctionApproximation.train(1, FunctionApproximation.EPOCHS, 0,
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0.77, r.variance(), 0.01, "variance of f over the 601-point grid, from Python: 0.7702");
        // The lab reaches ~3e-4 (0.04% of the variance); 0.01 (1.3%) still fails a network that fits the
        // trend x/2 but not the waves (that leaves ~0.5 of the variance).
        assertTrue(r.gridMse() < 0.01, "mean squared error on the grid " + r.gridMse());
    }
}
