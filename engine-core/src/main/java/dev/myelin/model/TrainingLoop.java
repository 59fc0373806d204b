package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.data.Batches;
import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Accuracy;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoch of training or evaluation. Each step runs in a {@link Scope} that frees its temporaries;
 * the loss sum and the count of right predictions are accumulated on the device and read once at
 * the end of the epoch (and when a live progress bar redraws), so a step makes no host read.
 */
final class TrainingLoop {
    private final Sequential model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Accuracy accuracy;

    TrainingLoop(Sequential model, Loss loss, Optimizer optimizer, Accuracy accuracy) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.accuracy = accuracy;
    }

    /** Trains one epoch; returns {@code loss} (and {@code accuracy}) averaged over the samples. */
    Map<String, Double> trainEpoch(Dataset data, int batchSize, boolean shuffle, long seed, PrintStream progressOut) {
        Batches batches = data.batches(batchSize, shuffle, seed);
        ProgressBar bar = progressOut == null ? null : ProgressBar.forConsole(progressOut, batches.count());
        List<Tensor> params = model.params();
        Backend be = model.backend();
        try (Accumulators acc = new Accumulators(be, accuracy != null)) {
            for (Batches.Batch b : batches) {
                try (Scope step = Scope.open()) {
                    Tensor x = be.fromArray(b.xShape(), b.x(), 0);
                    Tensor y = be.fromArray(b.yShape(), b.y(), 0);
                    Tensor out = model.call(x, true);
                    Tensor l = withPenalties(loss.compute(y, out));
                    l.backward();
                    optimizer.step(params);
                    acc.add(l, b.size(), accuracy == null ? null : countCorrect(y, out));
                } finally {
                    for (Tensor p : params) p.setGrad(null); // the gradients died with the step's scope
                }
                if (bar != null) bar.update(b.index() + 1, acc::read);
            }
            Map<String, Double> logs = acc.read();
            if (bar != null) bar.finish(logs);
            return logs;
        }
    }

    /** Loss (and accuracy) over {@code data} in inference mode. */
    Map<String, Double> evaluate(Dataset data, int batchSize) {
        Backend be = model.backend();
        try (Accumulators acc = new Accumulators(be, accuracy != null); AutoCloseable noGrad = Ops.noGrad()) {
            for (Batches.Batch b : data.batches(batchSize, false, 0)) {
                try (Scope step = Scope.open()) {
                    Tensor x = be.fromArray(b.xShape(), b.x(), 0);
                    Tensor y = be.fromArray(b.yShape(), b.y(), 0);
                    Tensor out = model.call(x, false);
                    acc.add(withPenalties(loss.compute(y, out)), b.size(), accuracy == null ? null : countCorrect(y, out));
                }
            }
            return acc.read();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    // ---- regularization (issue 21, cnnmisc): kept as one hook for the graph-based loop ----------
    /**
     * The loss plus every layer's {@link dev.myelin.layers.Layer#regularizationLoss()}, as Keras's
     * {@code compute_loss} adds {@code model.losses} in training and evaluation, so the loss shown
     * includes the penalties.
     */
    private Tensor withPenalties(Tensor batchLoss) {
        Tensor total = batchLoss;
        for (dev.myelin.layers.Layer layer : model.layers()) {
            Tensor penalty = layer.regularizationLoss();
            if (penalty != null) total = Ops.add(total, penalty);
        }
        return total;
    }

    private Tensor countCorrect(Tensor y, Tensor out) {
        try (AutoCloseable noGrad = Ops.noGrad()) {
            return accuracy.countCorrect(y, out);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Device-side sums of the loss (weighted by batch size, as Keras averages) and of right predictions. */
    private static final class Accumulators implements AutoCloseable {
        private final Backend be;
        private final Tensor lossSum;
        private final Tensor correct;
        private long samples;

        Accumulators(Backend be, boolean withAccuracy) {
            this.be = be;
            this.lossSum = Scope.escape(be.zeros(Shape.SCALAR));
            this.correct = withAccuracy ? Scope.escape(be.zeros(Shape.SCALAR)) : null;
        }

        void add(Tensor batchLoss, int batchSize, Tensor batchCorrect) {
            be.addInPlace(lossSum, batchLoss, batchSize);
            if (batchCorrect != null) be.addInPlace(correct, batchCorrect, 1f);
            samples += batchSize;
        }

        /** The running means: a host read. */
        Map<String, Double> read() {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", samples == 0 ? Double.NaN : lossSum.item() / (double) samples);
            if (correct != null) logs.put("accuracy", samples == 0 ? Double.NaN : correct.item() / (double) samples);
            return logs;
        }

        @Override
        public void close() {
            lossSum.close();
            if (correct != null) correct.close();
        }
    }
}
