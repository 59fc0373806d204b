package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.tensor.Shape;

import java.util.Map;

/**
 * Keras's {@code sample_weight} and {@code class_weight} of {@code fit}, folded into one weight per
 * sample: the sample's own weight times its class's weight. The class of a sample is its label when
 * labels are class indices, the arg max of a one-hot label, and the rounded value of a binary label
 * (shape {@code (1)}), as Keras reads them.
 */
final class SampleWeighting {
    private SampleWeighting() {}

    /** {@code data} carrying the combined weights, or {@code data} itself when neither option is set. */
    static Dataset apply(Dataset data, float[] sampleWeight, Map<Integer, Double> classWeight) {
        if (sampleWeight == null && classWeight == null) return data;
        int n = data.size();
        if (sampleWeight != null && sampleWeight.length != n) {
            throw new IllegalArgumentException("sample_weight has " + sampleWeight.length + " weights for " + n + " training samples");
        }
        float[] w = new float[n];
        float[] own = data.sampleWeights();
        for (int i = 0; i < n; i++) {
            float v = sampleWeight != null ? sampleWeight[i] : own != null ? own[i] : 1f;
            if (classWeight != null) {
                Double c = classWeight.get(classOf(data, i));
                if (c != null) v *= c.floatValue();
            }
            w[i] = v;
        }
        return data.withSampleWeights(w);
    }

    /** The class of sample {@code i}: its index, the arg max of its one-hot row, or its rounded binary value. */
    static int classOf(Dataset data, int i) {
        Shape label = data.labelShape();
        int l = label.sizeAsInt();
        float[] y = data.y();
        if (l == 1) return Math.round(y[i]);
        int best = 0;
        for (int k = 1; k < l; k++) if (y[i * l + k] > y[i * l + best]) best = k;
        return best;
    }
}
