package dev.myelin.layers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rescaling and Normalization (given statistics, adapted ones, inverted), against their formulas. */
class PreprocessingLayersTest {

    @Test
    void rescaling() throws Exception {
        LayerTests.run(() -> new Rescaling(1.0 / 255), Shape.of(4, 3), Shape.of(4, 3), 0, x -> {
            for (int i = 0; i < x.length; i++) x[i] = x[i] * (float) (1.0 / 255);
            return x;
        });
        LayerTests.run(() -> new Rescaling(2, -1), Shape.of(5), Shape.of(5), 0, x -> {
            for (int i = 0; i < x.length; i++) x[i] = 2 * x[i] - 1;
            return x;
        });
    }

    @Test
    void normalizationWithGivenStatisticsHasNoWeights() throws Exception {
        float[] mean = {0.1f, -0.2f, 0.3f}, variance = {4f, 0.25f, 0f};
        LayerTests.run(() -> new Normalization(mean, variance), Shape.of(2, 3), Shape.of(2, 3), 0, x -> {
            for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - mean[i % 3]) / Math.max(Math.sqrt(variance[i % 3]), 1e-7));
            return x;
        });
        LayerTests.run(() -> new Normalization(3, 2), Shape.of(4), Shape.of(4), 0, x -> {
            for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - 3) / Math.sqrt(2));
            return x;
        });
    }

    /** Keras's docstring example: columns (0, 2), (7, 9), (4, 6) have means 1, 8, 5 and variance 1. */
    private static final float[] ADAPT = {0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6};

    @Test
    void normalizationAdaptsMeanAndVarianceAsKerasDocumentsIt() throws Exception {
        Normalization n = new Normalization().adapt(ADAPT, Shape.of(3));
        n.build(Shape.of(3));
        try (Scope s = Scope.open()) {
            float[] y = n.call(Backends.current().fromArray(Shape.of(1, 3), new float[] {0, 7, 4}, 0), false).toArray();
            assertArrayEquals(new float[] {-1, -1, -1}, y, 1e-6f);
        }
        Normalization inverse = new Normalization().invert(true).adapt(ADAPT, Shape.of(3));
        inverse.build(Shape.of(3));
        try (Scope s = Scope.open()) {
            float[] y = inverse.call(Backends.current().fromArray(Shape.of(1, 3), new float[] {1, 2, 3}, 0), false).toArray();
            assertArrayEquals(new float[] {2, 10, 8}, y, 1e-6f);
        }
    }

    @Test
    void adaptedNormalizationThroughTheLayerTest() throws Exception {
        // Statistics over 2 samples of (2, 2) with 2 features: the 4 rows of each feature, computed here in double.
        float[] data = {1, 10, 3, 14, 2, 8, 6, 12, 0, 9, 5, 11, 4, 13, 7, 15};
        double[] m = new double[2], v = new double[2];
        for (int i = 0; i < data.length; i++) m[i % 2] += data[i] / 8.0;
        for (int i = 0; i < data.length; i++) v[i % 2] += (data[i] - m[i % 2]) * (data[i] - m[i % 2]) / 8.0;
        // Keras counts mean (2), variance (2) and count (1): 5 non-trainable weights.
        LayerTests.run(() -> new Normalization().adapt(data, Shape.of(2, 2, 2)), Shape.of(3, 2), Shape.of(3, 2), 5, x -> {
            for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - m[i % 2]) / Math.sqrt(v[i % 2]));
            return x;
        });
        LayerTests.run(() -> new Normalization().invert(true).adapt(data, Shape.of(2, 2, 2)), Shape.of(2), Shape.of(2), 5, x -> {
            for (int i = 0; i < x.length; i++) x[i] = (float) (m[i % 2] + x[i] * Math.sqrt(v[i % 2]));
            return x;
        });
        Normalization n = new Normalization().adapt(data, Shape.of(2, 2, 2));
        n.build(Shape.of(2));
        assertEquals(0, n.trainableParamCount());
        assertEquals(3, n.nonTrainableParams().size());
    }

    @Test
    void normalizationErrorsNameTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {1, 2}, new float[] {1}));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> new Normalization().adapt(ADAPT, Shape.of(3)).build(Shape.of(4)));
        assertTrue(e.getMessage().contains("adapted to 3 features"), e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> new Normalization(new float[] {1, 2}, new float[] {1, 1}).build(Shape.of(3)));
    }
}
