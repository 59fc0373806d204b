package dev.myelin.data;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SplitAndArgmaxTest {

    @Test
    void trainTestSplitTakesCeilOfTheFractionAndIsReproducible() {
        float[][] x = new float[10][];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new float[] {i, -i};
            y[i] = 100 + i;
        }
        TrainTestSplit s = TrainTestSplit.of(x, y, 0.25, 42);
        assertEquals(3, s.xTest().length, "ceil(0.25 * 10) = 3, as scikit-learn rounds");
        assertEquals(7, s.xTrain().length);
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            assertEquals(100 + s.xTrain()[i][0], s.yTrain()[i], "rows keep their targets");
            seen.add(s.xTrain()[i][0]);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(100 + s.xTest()[i][0], s.yTest()[i]);
            assertTrue(seen.add(s.xTest()[i][0]), "train and test do not overlap");
        }
        assertEquals(10, seen.size());
        TrainTestSplit again = TrainTestSplit.of(x, y, 0.25, 42);
        assertArrayEquals(s.yTest(), again.yTest(), "the same seed draws the same rows");
        boolean differs = false;
        for (long seed = 1; seed < 5 && !differs; seed++) {
            differs = !java.util.Arrays.equals(s.yTest(), TrainTestSplit.of(x, y, 0.25, seed).yTest());
        }
        assertTrue(differs, "another seed draws other rows");
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.of(x, new float[9], 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.of(x, y, 1.0, 1));
    }

    @Test
    void datasetSplitCarriesSampleWeights() {
        Dataset d = new Dataset(new float[] {0, 1, 2, 3, 4}, Shape.of(1), new float[] {0, 1, 2, 3, 4}, Shape.SCALAR)
                .withSampleWeights(new float[] {10, 11, 12, 13, 14});
        Dataset[] parts = d.trainTestSplit(0.4, 7);
        assertEquals(3, parts[0].size());
        assertEquals(2, parts[1].size());
        for (Dataset p : parts) {
            for (int i = 0; i < p.size(); i++) {
                assertEquals(p.x()[i], p.y()[i]);
                assertEquals(10 + p.x()[i], p.sampleWeights()[i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> d.withSampleWeights(new float[] {1, 1, -1, 1, 1}));
    }

    @Test
    void argmaxPicksTheFirstLargestAsNumPyDoes() {
        assertEquals(2, Argmax.argmax(new float[] {0.1f, 0.2f, 0.7f}));
        assertEquals(0, Argmax.argmax(new float[] {5, 5, 1}), "first on a tie");
        assertEquals(1, Argmax.argmax(new float[] {1, Float.NaN, 9}), "NaN wins, as in NumPy");
        assertArrayEquals(new int[] {1, 0}, Argmax.argmax(new float[][] {{0, 1}, {3, -1}}));
        assertArrayEquals(new int[] {2, 0}, Argmax.argmax(new float[] {0, 1, 2, 9, 8, 7}, 3));
        assertThrows(IllegalArgumentException.class, () -> Argmax.argmax(new float[] {1, 2, 3}, 2));
    }
}
