package dev.myelin.model;

import dev.myelin.losses.Loss;
import dev.myelin.losses.Losses;
import dev.myelin.optimizers.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code compile} arguments in full, for models with several outputs:
 * <pre>{@code
 * model.compile(new CompileOptions(new Adam(1e-3))
 *         .loss("class", "sparse_categorical_crossentropy").loss("box", "mse")
 *         .lossWeights(Map.of("class", 1.0, "box", 0.2))
 *         .metrics(Map.of("class", List.of("accuracy"))));
 * }</pre>
 * A single loss applies to every output, as in Keras; outputs are named by their layers' names.
 */
public final class CompileOptions {
    private final Optimizer optimizer;
    private Loss loss;
    private final List<Loss> lossList = new ArrayList<>();
    private final Map<String, Loss> lossMap = new LinkedHashMap<>();
    private double[] lossWeightList;
    private Map<String, Double> lossWeightMap;
    private final List<Object> metrics = new ArrayList<>();
    private final Map<String, List<Object>> metricMap = new LinkedHashMap<>();

    /** Options with {@code optimizer}; add the loss or losses. */
    public CompileOptions(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException("compile needs an optimizer");
        this.optimizer = optimizer;
    }

    /** One loss for every output. */
    public CompileOptions loss(Loss value) {
        this.loss = value;
        return this;
    }

    /** One loss by Keras name for every output. */
    public CompileOptions loss(String name) {
        return loss(Losses.get(name));
    }

    /** One loss per output, in the model's output order (Keras's list form); entries are {@link Loss} or names. */
    public CompileOptions losses(List<?> values) {
        lossList.clear();
        for (Object o : values) lossList.add(asLoss(o));
        return this;
    }

    /** The loss of the output named {@code output} (Keras's dict form). */
    public CompileOptions loss(String output, Loss value) {
        lossMap.put(output, value);
        return this;
    }

    /** The loss by Keras name of the output named {@code output}. */
    public CompileOptions loss(String output, String name) {
        return loss(output, Losses.get(name));
    }

    static Loss asLoss(Object o) {
        if (o instanceof Loss l) return l;
        if (o instanceof String s) return Losses.get(s);
        throw new IllegalArgumentException("a loss must be a Loss or a loss name, got " + o);
    }

    /** Keras's {@code loss_weights} as a list, one per output: the loss minimized is the weighted sum. */
    public CompileOptions lossWeights(double... weights) {
        this.lossWeightList = weights.clone();
        return this;
    }

    /** Keras's {@code loss_weights} by output name (outputs left out weigh 1). */
    public CompileOptions lossWeights(Map<String, Double> weights) {
        this.lossWeightMap = new LinkedHashMap<>(weights);
        return this;
    }

    /**
     * Metrics for every output, by Keras name ({@code "accuracy"}, {@code "mae"}, {@code "precision"}) or
     * as {@link dev.myelin.metrics.Metric} objects ({@code new AUC()}); a metric object serves one output only.
     */
    public CompileOptions metrics(Object... metricsOrNames) {
        for (Object m : metricsOrNames) metrics.add(checkMetric(m));
        return this;
    }

    /** Metrics by output name (Keras's dict form): {@code metrics(Map.of("class", List.of("accuracy", new AUC())))}. */
    public CompileOptions metrics(Map<String, ? extends List<?>> byOutput) {
        byOutput.forEach((output, list) -> {
            List<Object> target = metricMap.computeIfAbsent(output, k -> new ArrayList<>());
            for (Object m : list) target.add(checkMetric(m));
        });
        return this;
    }

    private static Object checkMetric(Object m) {
        if (m instanceof String || m instanceof dev.myelin.metrics.Metric) return m;
        throw new IllegalArgumentException("a metric must be a Keras metric name or a Metric, got " + m);
    }

    Optimizer optimizer() { return optimizer; }

    /**
     * Resolves the losses, weights and metric names per output for a model whose outputs are named
     * {@code outputNames}; errors name the outputs.
     */
    Compiled resolve(String modelName, List<String> outputNames) {
        int n = outputNames.size();
        Loss[] losses = new Loss[n];
        if (!lossList.isEmpty()) {
            if (lossList.size() != n) {
                throw new IllegalArgumentException("model '" + modelName + "' has " + n + " outputs " + outputNames + " but compile got "
                        + lossList.size() + " losses");
            }
            lossList.toArray(losses);
        } else if (!lossMap.isEmpty()) {
            for (String key : lossMap.keySet()) checkName(modelName, key, outputNames, "loss");
            for (int i = 0; i < n; i++) {
                losses[i] = lossMap.get(outputNames.get(i));
                if (losses[i] == null) {
                    throw new IllegalArgumentException("compile: no loss for output '" + outputNames.get(i) + "' of model '" + modelName
                            + "' (losses given for " + lossMap.keySet() + ")");
                }
            }
        } else if (loss != null) {
            java.util.Arrays.fill(losses, loss);
        } else {
            throw new IllegalArgumentException("compile needs a loss for model '" + modelName + "'");
        }
        float[] weights = new float[n];
        java.util.Arrays.fill(weights, 1f);
        if (lossWeightList != null) {
            if (lossWeightList.length != n) {
                throw new IllegalArgumentException("model '" + modelName + "' has " + n + " outputs " + outputNames + " but lossWeights has "
                        + lossWeightList.length + " values");
            }
            for (int i = 0; i < n; i++) weights[i] = (float) lossWeightList[i];
        } else if (lossWeightMap != null) {
            for (String key : lossWeightMap.keySet()) checkName(modelName, key, outputNames, "loss weight");
            for (int i = 0; i < n; i++) weights[i] = lossWeightMap.getOrDefault(outputNames.get(i), 1.0).floatValue();
        }
        List<List<Object>> metricNames = new ArrayList<>();
        for (String key : metricMap.keySet()) checkName(modelName, key, outputNames, "metric");
        java.util.Set<Object> objects = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < n; i++) {
            List<Object> m = new ArrayList<>(metrics);
            m.addAll(metricMap.getOrDefault(outputNames.get(i), List.of()));
            for (Object o : m) {
                if (o instanceof dev.myelin.metrics.Metric metric && !objects.add(metric)) { // its state can follow one output only
                    throw new IllegalArgumentException("compile: the metric object " + metric + " is given for several outputs of model '"
                            + modelName + "'; give each output its own (or use its name, which makes one per output)");
                }
            }
            metricNames.add(m);
        }
        return new Compiled(optimizer, List.copyOf(outputNames), losses, weights, metricNames);
    }

    private static void checkName(String modelName, String key, List<String> outputNames, String what) {
        if (!outputNames.contains(key)) {
            throw new IllegalArgumentException("compile: a " + what + " for output '" + key + "', but model '" + modelName
                    + "' has outputs " + outputNames);
        }
    }

    /**
     * The resolved form: per output, its name, loss, weight and metrics (names or Metric objects).
     */
    record Compiled(Optimizer optimizer, List<String> outputNames, Loss[] losses, float[] weights, List<List<Object>> metrics) {}
}
