package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Metric;
import dev.myelin.metrics.Metrics;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where a model's losses and metrics are tracked over an epoch (Keras's
 * {@code CompileMetrics}): metric names are resolved here ({@link Metrics#get(String, Loss, Shape, Shape)}),
 * the loss sums are accumulated on the device like the metrics' own state, and everything is read
 * once at the end of the epoch (and when a live progress bar redraws), so a step makes no host read.
 * Keys as Keras logs them: {@code loss} and the metric names for one output; {@code loss},
 * {@code <output>_loss} and {@code <output>_<metric>} for several.
 */
final class CompiledMetrics implements AutoCloseable {

    /** The metrics Keras means by {@code names} (or the Metric objects given) for an output trained with {@code loss}. */
    static List<Metric> resolve(List<Object> namesOrMetrics, Loss loss, Shape output, Shape label) {
        List<Metric> metrics = new ArrayList<>();
        for (Object m : namesOrMetrics) metrics.add(m instanceof Metric given ? given : Metrics.get((String) m, loss, output, label));
        return metrics;
    }

    private final Backend be;
    private final List<String> outputNames;
    private final List<List<Metric>> metrics;
    private final Tensor lossSum;
    private final Tensor[] outputLossSums;
    private long samples;

    /** Tracks the losses of outputs {@code outputNames} and {@code metrics} (one list per output), which it resets first. */
    CompiledMetrics(Backend be, List<String> outputNames, List<List<Metric>> metrics) {
        this.be = be;
        this.outputNames = outputNames;
        this.metrics = metrics;
        for (List<Metric> m : metrics) for (Metric metric : m) metric.reset();
        this.lossSum = Scope.escape(be.zeros(Shape.SCALAR));
        int n = outputNames.size();
        this.outputLossSums = new Tensor[n > 1 ? n : 0];
        for (int i = 0; i < outputLossSums.length; i++) outputLossSums[i] = Scope.escape(be.zeros(Shape.SCALAR));
    }

    /** Adds one batch: the total loss, each output's loss, and each metric on the labels and outputs. */
    void add(Tensor totalLoss, Tensor[] outputLosses, Tensor[] yTrue, List<Tensor> yPred, int batchSize) {
        be.addInPlace(lossSum, totalLoss, batchSize);
        for (int i = 0; i < outputLossSums.length; i++) be.addInPlace(outputLossSums[i], outputLosses[i], batchSize);
        try (AutoCloseable noGrad = Ops.noGrad()) {
            for (int i = 0; i < metrics.size(); i++) {
                for (Metric m : metrics.get(i)) m.update(yTrue[i], yPred.get(i));
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        samples += batchSize;
    }

    /** The loss summed over the batches so far: one host read (how fit watches for divergence). */
    double lossSum() {
        return lossSum.item();
    }

    /** The running values: a host read. */
    Map<String, Double> read() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", samples == 0 ? Double.NaN : lossSum.item() / (double) samples);
        for (int i = 0; i < outputLossSums.length; i++) {
            logs.put(outputNames.get(i) + "_loss", samples == 0 ? Double.NaN : outputLossSums[i].item() / (double) samples);
        }
        boolean several = outputNames.size() > 1;
        for (int i = 0; i < metrics.size(); i++) {
            for (Metric m : metrics.get(i)) logs.put(several ? outputNames.get(i) + "_" + m.name() : m.name(), m.result());
        }
        return logs;
    }

    /** Frees the loss sums and the metrics' state. */
    @Override
    public void close() {
        lossSum.close();
        for (Tensor t : outputLossSums) t.close();
        for (List<Metric> m : metrics) for (Metric metric : m) metric.reset();
    }
}
