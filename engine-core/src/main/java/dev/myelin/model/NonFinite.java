package dev.myelin.model;

import dev.myelin.layers.Layer;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Finds NaN and infinite values in tensors and in a model's weights, for the checks that refuse to
 * save, load or keep training a model that holds them. Each look is a host read: these run at a
 * save, a load, or once training has already gone wrong, never per step.
 */
final class NonFinite {
    private NonFinite() {}

    /** The index of the first non-finite value of {@code values}, or -1. */
    static int firstIndex(float[] values) {
        for (int i = 0; i < values.length; i++) if (!Float.isFinite(values[i])) return i;
        return -1;
    }

    /** {@code "NaN at index 3"} for the first non-finite value of {@code t}, or null when all are finite. */
    static String describe(Tensor t) {
        float[] v = t.toArray();
        int i = firstIndex(v);
        return i < 0 ? null : v[i] + " at index " + i;
    }

    /**
     * {@code "weight 0 (shape (2, 16)) of Dense 'dense' holds NaN at index 3"} for the first layer,
     * in order, with a non-finite weight; null when every weight is finite.
     */
    static String firstInWeights(List<Layer> layers) {
        for (Layer l : layers) {
            List<Tensor> w = l.weights();
            for (int i = 0; i < w.size(); i++) {
                String bad = describe(w.get(i));
                if (bad != null) return "weight " + i + " (shape " + w.get(i).shape() + ") of " + l.describe() + " holds " + bad;
            }
        }
        return null;
    }
}
