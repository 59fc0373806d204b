package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SampleWeightingTest {

    @Test
    void classWeightsFollowTheLabelsForm() {
        Dataset sparse = new Dataset(new float[] {0, 0, 0}, Shape.of(1), new float[] {0, 2, 1}, Shape.SCALAR);
        assertArrayEquals(new float[] {1, 5, 3}, SampleWeighting.apply(sparse, null, Map.of(1, 3.0, 2, 5.0)).sampleWeights());
        Dataset oneHot = new Dataset(new float[] {0, 0}, Shape.of(1), new float[] {0, 1, 0, 0, 0, 1}, Shape.of(3));
        assertArrayEquals(new float[] {3, 5}, SampleWeighting.apply(oneHot, null, Map.of(1, 3.0, 2, 5.0)).sampleWeights());
        Dataset binary = new Dataset(new float[] {0, 0}, Shape.of(1), new float[] {1, 0}, Shape.of(1));
        assertArrayEquals(new float[] {0.5f, 2}, SampleWeighting.apply(binary, null, Map.of(0, 2.0, 1, 0.5)).sampleWeights());
    }

    @Test
    void sampleAndClassWeightsMultiply() {
        Dataset d = new Dataset(new float[] {0, 0}, Shape.of(1), new float[] {0, 1}, Shape.SCALAR);
        assertArrayEquals(new float[] {2, 30}, SampleWeighting.apply(d, new float[] {2, 3}, Map.of(1, 10.0)).sampleWeights());
        assertSame(d, SampleWeighting.apply(d, null, null), "no weights: the data as it was");
        assertThrows(IllegalArgumentException.class, () -> SampleWeighting.apply(d, new float[] {1}, null));
    }
}
