package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Accuracy;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where a model's losses and metrics are tracked over an epoch (Keras's
 * {@code CompileMetrics}): metric names are resolved here, and per-batch sums are accumulated on the
 * device and read once at the end of the epoch (and when a live progress bar redraws), so a step makes
 * no host read. Keys as Keras logs them: {@code loss} and the metric names for one output;
 * {@code loss}, {@code <output>_loss} and {@code <output>_<metric>} for several.
 */
final class CompiledMetrics implements AutoCloseable {

    /** A metric that is a mean over samples: each batch contributes the sum of its samples' values. */
    interface StepMetric {
        /** The key it logs under. */
        String name();

        /** The sum over the batch's samples, as a device scalar. */
        Tensor batchSum(Tensor yTrue, Tensor yPred);
    }

    /** The metric Keras means by {@code name} for an output trained with {@code loss}. */
    static StepMetric resolve(String name, Loss loss, Shape output, Shape label) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "accuracy", "acc" -> {
                Accuracy a = Accuracy.resolve(loss, output, label);
                yield metric("accuracy", a::countCorrect);
            }
            case "mae", "mean_absolute_error" -> metric(n, (y, p) -> perSampleMean(Ops.abs(Ops.sub(p, like(y, p))), p));
            case "mse", "mean_squared_error" -> metric(n, (y, p) -> perSampleMean(Ops.square(Ops.sub(p, like(y, p))), p));
            default -> throw new IllegalArgumentException("unknown metric \"" + name + "\"; known: accuracy, mae, mse");
        };
    }

    private static StepMetric metric(String name, java.util.function.BinaryOperator<Tensor> sum) {
        return new StepMetric() {
            @Override
            public String name() { return name; }

            @Override
            public Tensor batchSum(Tensor yTrue, Tensor yPred) { return sum.apply(yTrue, yPred); }
        };
    }

    /** Labels viewed in the predictions' shape (a {@code (N,)} target against {@code (N, 1)} outputs). */
    private static Tensor like(Tensor y, Tensor p) {
        if (y.shape().equals(p.shape())) return y;
        if (y.size() != p.size()) {
            throw new IllegalArgumentException("labels of shape " + y.shape() + " cannot be compared with outputs of shape " + p.shape());
        }
        return y.reshape(p.shape().toArray());
    }

    /** Sum over samples of each sample's mean: the total over elements divided by the elements per sample. */
    private static Tensor perSampleMean(Tensor elementwise, Tensor p) {
        return Ops.mulScalar(Ops.sum(elementwise), (float) p.dim(0) / p.size());
    }

    private final Backend be;
    private final List<String> outputNames;
    private final List<List<StepMetric>> metrics;
    private final Tensor lossSum;
    private final Tensor[] outputLossSums;
    private final List<Tensor[]> metricSums = new ArrayList<>();
    private long samples;

    CompiledMetrics(Backend be, List<String> outputNames, List<List<StepMetric>> metrics) {
        this.be = be;
        this.outputNames = outputNames;
        this.metrics = metrics;
        this.lossSum = Scope.escape(be.zeros(Shape.SCALAR));
        int n = outputNames.size();
        this.outputLossSums = new Tensor[n > 1 ? n : 0];
        for (int i = 0; i < outputLossSums.length; i++) outputLossSums[i] = Scope.escape(be.zeros(Shape.SCALAR));
        for (List<StepMetric> m : metrics) {
            Tensor[] sums = new Tensor[m.size()];
            for (int k = 0; k < sums.length; k++) sums[k] = Scope.escape(be.zeros(Shape.SCALAR));
            metricSums.add(sums);
        }
    }

    /** Adds one batch: the total loss, each output's loss, and each metric on the labels and outputs. */
    void add(Tensor totalLoss, Tensor[] outputLosses, Tensor[] yTrue, List<Tensor> yPred, int batchSize) {
        be.addInPlace(lossSum, totalLoss, batchSize);
        for (int i = 0; i < outputLossSums.length; i++) be.addInPlace(outputLossSums[i], outputLosses[i], batchSize);
        try (AutoCloseable noGrad = Ops.noGrad()) {
            for (int i = 0; i < metrics.size(); i++) {
                List<StepMetric> m = metrics.get(i);
                for (int k = 0; k < m.size(); k++) be.addInPlace(metricSums.get(i)[k], m.get(k).batchSum(yTrue[i], yPred.get(i)), 1f);
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        samples += batchSize;
    }

    /** The running means: a host read. */
    Map<String, Double> read() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", mean(lossSum));
        for (int i = 0; i < outputLossSums.length; i++) logs.put(outputNames.get(i) + "_loss", mean(outputLossSums[i]));
        boolean several = outputNames.size() > 1;
        for (int i = 0; i < metrics.size(); i++) {
            List<StepMetric> m = metrics.get(i);
            for (int k = 0; k < m.size(); k++) {
                logs.put(several ? outputNames.get(i) + "_" + m.get(k).name() : m.get(k).name(), mean(metricSums.get(i)[k]));
            }
        }
        return logs;
    }

    private double mean(Tensor sum) {
        return samples == 0 ? Double.NaN : sum.item() / (double) samples;
    }

    @Override
    public void close() {
        lossSum.close();
        for (Tensor t : outputLossSums) t.close();
        for (Tensor[] sums : metricSums) for (Tensor t : sums) t.close();
    }
}
