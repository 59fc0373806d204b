package dev.myelin.model;

import dev.myelin.layers.Layer;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** What a model's weights are called in errors: {@code weight 1 of Dense 'dense_2'}, by the first layer that owns each. */
final class WeightNames {
    private WeightNames() {}

    /** The name of each of {@code weights}, found in {@code layers}; one no layer owns is {@code weight i of OWNER}. */
    static List<String> of(List<Layer> layers, List<Tensor> weights, String owner) {
        Map<Tensor, String> names = new IdentityHashMap<>();
        for (boolean models : new boolean[] {false, true}) { // a nested model's weights by their own layer first
            for (Layer l : layers) {
                if (l instanceof Model != models) continue;
                List<Tensor> w = l.weights();
                for (int i = 0; i < w.size(); i++) names.putIfAbsent(w.get(i), "weight " + i + " of " + l.describe());
            }
        }
        List<String> out = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            String n = names.get(weights.get(i));
            out.add(n != null ? n : "weight " + i + " of " + owner);
        }
        return out;
    }
}
