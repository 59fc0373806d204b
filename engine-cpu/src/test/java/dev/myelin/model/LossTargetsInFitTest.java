package dev.myelin.model;

import dev.myelin.data.Dataset;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A label outside the loss's domain stops fit before the first step, naming the sample. */
class LossTargetsInFitTest {
    @Test
    void binaryCrossentropyGivenFiveNamesTheSample() {
        Sequential m = TrainingTest.mlp().output(new PrintStream(PrintStream.nullOutputStream()));
        m.compile("adam", "binary_crossentropy");
        float[][] x = {{0, 1}, {1, 0}, {1, 1}, {0, 0}};
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Dataset.of(x, new float[] {0, 1, 5, 0}), new FitOptions().epochs(1).verbose(0)));
        assertEquals("training data: the label of sample 2 is 5.0; binary_crossentropy needs targets in [0, 1] "
                + "(0/1 classes or probabilities)", e.getMessage());
    }
}
