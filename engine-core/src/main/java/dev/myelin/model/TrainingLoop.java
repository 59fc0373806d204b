package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.data.BatchStream;
import dev.myelin.data.Batches;
import dev.myelin.data.DataSource;
import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Tensor;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's training loop, in one place: {@link #fit} runs the epochs, {@link #trainEpoch} the batches
 * of one epoch, {@link #evaluate} the batches of an evaluation. Callbacks plug in at the marked points
 * (train begin/end, epoch begin/end, batch begin/end). Each step runs in a {@link Scope} that frees its
 * temporaries; losses and metrics are accumulated on the device by {@link CompiledMetrics}.
 *
 * <p>The loss minimized is the sum over outputs of each output's loss times its weight, plus every
 * layer's {@link dev.myelin.layers.Layer#regularizationLoss() regularization penalty}.
 */
final class TrainingLoop {
    private final Model model;
    private final CompileOptions.Compiled compiled;
    private final List<List<dev.myelin.metrics.Metric>> metrics;

    TrainingLoop(Model model, CompileOptions.Compiled compiled, List<List<dev.myelin.metrics.Metric>> metrics) {
        this.model = model;
        this.compiled = compiled;
        this.metrics = metrics;
    }

    /**
     * The epochs of {@link Model#fit}: train, validate, record, report, with the callbacks, the
     * history and any BackupAndRestore kept by a {@link TrainingSession}.
     */
    History fit(DataSource train, Dataset validation, FitOptions options, PrintStream out) {
        Optimizer optimizer = compiled.optimizer();
        int epochs = options.epochs();
        Map<String, Double> logs = new LinkedHashMap<>();
        try (EpochBatches batches = new EpochBatches(train, options.batchSize(), options.shuffle(), options.seed(), options.stepsPerEpoch());
             DivergenceCheck check = options.stopOnDivergence()
                     ? new DivergenceCheck(model.backend(), model.weights(), options.divergenceCheckSteps()) : null) {
            warmUp(train, batches.batchSize(), validation, (long) batches.steps() * Math.max(0, epochs - options.initialEpoch()),
                    options.verbose() > 0 ? out : null);
            TrainingSession session = new TrainingSession(model, model.weights(), model.params(), model.allLayers(), options, batches.steps());
            for (int epoch = session.begin(options.initialEpoch()); epoch < epochs && !session.stopRequested(); epoch++) {
                session.epochBegin(epoch);
                if (options.learningRateSchedule() != null) {
                    optimizer.setLearningRate(options.learningRateSchedule().learningRate(epoch, optimizer.learningRate()));
                }
                long start = System.nanoTime();
                PrintStream barOut = options.verbose() == 1 ? out : null;
                Map<String, Double> epochLogs;
                if (check != null) check.startEpoch(epoch + 1);
                int thisEpoch = epoch;
                try (BatchStream stream = batches.epoch(epoch)) {
                    epochLogs = new LinkedHashMap<>(trainEpoch(stream, barOut, session, check, () -> batches.epoch(thisEpoch)));
                }
                if (validation != null && options.validatesAfter(epoch)) {
                    session.testBegin();
                    Map<String, Double> valLogs = evaluate(validation, options.batchSize());
                    session.testEnd(valLogs);
                    valLogs.forEach((k, v) -> epochLogs.put("val_" + k, v));
                }
                logs = epochLogs;
                double seconds = (System.nanoTime() - start) / 1e9;
                session.epochEnd(epoch, logs, seconds); // the callbacks, then the history, then the backup
                if (options.verbose() > 0) out.println(epochLine(epoch + 1, epochs, seconds, batches.steps(), logs));
                if (options.onEpochEnd() != null) options.onEpochEnd().onEpochEnd(epoch + 1, epochs, Collections.unmodifiableMap(logs), seconds);
            }
            session.end(logs);
            return session.history();
        }
    }

    /**
     * Runs the {@link ModelWarmUp} before a training of {@code steps} steps when it is due, so that the
     * first epoch does not race the JIT compiler; says what it ran.
     */
    private void warmUp(DataSource train, int batchSize, Dataset validation, long steps, PrintStream out) {
        if (!ModelWarmUp.due(model, steps)) return;
        if (out != null) {
            out.print("Warm-up: "); // seconds of work: the line starts now and ends with what it did
            out.flush();
        }
        long start = System.nanoTime();
        int ran;
        try {
            ran = ModelWarmUp.run(this, model, train, batchSize, validation, steps);
        } catch (RuntimeException | Error e) {
            if (out != null) out.println("stopped by an error (the model's state is as it was)");
            throw e;
        }
        if (out != null) {
            out.printf(java.util.Locale.ROOT, "%d steps of this model in %.1fs (the JIT compiling), its weights and optimizer then put back%n",
                    ran, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * {@code Epoch 3/5 - 12s 39ms/step - loss: 0.0812 - accuracy: 0.9751 - val_loss: ... - val_accuracy: ...}: the
     * epoch's time (validation included) and, as Keras prints it, that time per training step.
     */
    static String epochLine(int epoch, int epochs, double seconds, int steps, Map<String, Double> logs) {
        StringBuilder b = new StringBuilder("Epoch ").append(epoch).append('/').append(epochs)
                .append(" - ").append(ProgressBar.formatSeconds(seconds));
        if (steps > 0) b.append(' ').append(ProgressBar.formatPerStep(seconds / steps));
        logs.forEach((k, v) -> b.append(" - ").append(k).append(": ").append(String.format(java.util.Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    /** Trains one epoch; returns the loss and metrics averaged over the samples. */
    Map<String, Double> trainEpoch(BatchStream batches, PrintStream progressOut, TrainingSession session) {
        return trainEpoch(batches, progressOut, session, null, null);
    }

    /** Trains one epoch, watching for divergence with {@code check} when not null ({@code replay} gives the epoch's batches again). */
    Map<String, Double> trainEpoch(BatchStream batches, PrintStream progressOut, TrainingSession session, DivergenceCheck check,
                                   java.util.function.Supplier<BatchStream> replay) {
        ProgressBar bar = progressOut == null ? null : ProgressBar.forConsole(progressOut, batches.count());
        List<Tensor> params = model.params();
        try (CompiledMetrics acc = newMetrics()) {
            while (batches.hasNext()) {
                Batches.Batch b = batches.next();
                session.batchBegin(b.index());
                trainStep(b, params, acc);
                if (check != null && check.due(b.index(), batches.count())) {
                    if (Double.isFinite(acc.lossSum())) check.passed(b.index());
                    else throw diverged(replay, b.index(), batches.count(), check);
                }
                session.batchEnd(b.index(), acc::read);
                if (bar != null) bar.update(b.index() + 1, acc::read);
                if (session.stopRequested()) break; // Keras checks stop_training after every batch
            }
            Map<String, Double> logs = acc.read();
            if (bar != null) bar.finish(logs);
            return logs;
        }
    }

    /** The running loss and metrics of an epoch or an evaluation (the compiled metrics, reset). */
    CompiledMetrics newMetrics() {
        return new CompiledMetrics(model.backend(), compiled.outputNames(), metrics);
    }

    /** One training step on {@code b}: forward, loss, backward and the optimizer's update of {@code params}; its loss and metrics go to {@code acc}. */
    void trainStep(Batches.Batch b, List<Tensor> params, CompiledMetrics acc) {
        try (Scope step = Scope.open()) {
            Forward f = forward(b, true);
            f.total().backward();
            compiled.optimizer().step(params);
            f.addTo(acc, b);
        } finally {
            for (Tensor p : params) p.setGrad(null); // the gradients died with the step's scope
        }
    }

    /** One evaluation step on {@code b} in inference mode (the caller turns recording off); its loss and metrics go to {@code acc}. */
    void evaluationStep(Batches.Batch b, CompiledMetrics acc) {
        try (Scope step = Scope.open()) {
            forward(b, false).addTo(acc, b);
        }
    }

    /** A batch's labels, the model's outputs on it, its total loss and each output's loss. */
    private record Forward(Tensor[] labels, List<Tensor> outputs, Tensor total, Tensor[] outputLosses) {
        void addTo(CompiledMetrics acc, Batches.Batch b) {
            acc.add(total, outputLosses, labels, outputs, b.size());
        }
    }

    /** The model on {@code b} (in training mode or not) and its losses, in the caller's scope. */
    private Forward forward(Batches.Batch b, boolean training) {
        Backend be = model.backend();
        Tensor[] y = labels(be, b);
        Graph.Result run = runModel(inputs(be, b), training);
        Tensor[] outputLosses = new Tensor[y.length];
        Tensor total = totalLoss(y, run.outputs(), run.masks(), weights(be, b), outputLosses);
        return new Forward(y, run.outputs(), total, outputLosses);
    }

    /**
     * Puts back the last healthy weights and replays the batches since, one at a time, looking at every
     * layer's output and gradient, to name the batch and the layer where the values first went non-finite.
     * The model keeps the healthy weights.
     */
    private DivergenceException diverged(java.util.function.Supplier<BatchStream> replay, int seenAt, int count, DivergenceCheck check) {
        Backend be = model.backend();
        List<Tensor> params = model.params();
        Optimizer optimizer = compiled.optimizer();
        float lr = optimizer.learningRate();
        check.restore();
        try (BatchStream again = replay.get()) {
            while (again.hasNext()) {
                Batches.Batch b = again.next();
                if (b.index() < check.replayFrom()) continue;
                if (b.index() > seenAt) break;
                String[] first = {null};
                Graph.OBSERVER.set((layer, outs) -> {
                    for (Tensor t : outs) {
                        String bad = first[0] == null ? NonFinite.describe(t) : null;
                        if (bad != null) first[0] = "the output of " + layer.describe() + " went non-finite (" + bad + ")";
                    }
                });
                try (Scope step = Scope.open()) {
                    Tensor[] y = labels(be, b);
                    Graph.Result run = runModel(inputs(be, b), true);
                    Graph.OBSERVER.remove();
                    if (first[0] != null) return check.error(b.index(), count, first[0], lr);
                    Tensor total = totalLoss(y, run.outputs(), run.masks(), weights(be, b), new Tensor[y.length]);
                    String bad = NonFinite.describe(total);
                    if (bad != null) {
                        return check.error(b.index(), count, "the loss went non-finite (" + bad + ") though every layer's output was finite", lr);
                    }
                    total.backward();
                    String grad = firstNonFiniteGradient();
                    if (grad != null) return check.error(b.index(), count, grad, lr);
                    optimizer.step(params);
                } finally {
                    Graph.OBSERVER.remove();
                    for (Tensor p : params) p.setGrad(null);
                }
            }
            return check.error(seenAt, count, "the loss went non-finite between batch " + (check.replayFrom() + 1) + " and "
                    + (seenAt + 1) + " (replaying them from the last finite weights did not reproduce it)", lr);
        } finally {
            check.restore();
        }
    }

    /** The first non-finite gradient backpropagation reaches (the last layer's first), described; null when all are finite. */
    private String firstNonFiniteGradient() {
        List<dev.myelin.layers.Layer> layers = model.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            List<Tensor> ps = layers.get(i).params();
            for (int k = 0; k < ps.size(); k++) {
                Tensor g = ps.get(k).grad();
                String bad = g == null ? null : NonFinite.describe(g);
                if (bad != null) {
                    return "the gradient of weight " + k + " of " + layers.get(i).describe() + " went non-finite (" + bad + ")";
                }
            }
        }
        return null;
    }

    /**
     * The weighted sum of the outputs' losses (each sample's loss times its sample weight, when the data
     * has them, for every output as Keras does) plus the layers' regularization; fills {@code outputLosses}.
     */
    private Tensor totalLoss(Tensor[] y, List<Tensor> out, List<Tensor> masks, Tensor sampleWeight, Tensor[] outputLosses) {
        Loss[] losses = compiled.losses();
        float[] weights = compiled.weights();
        Tensor total = null;
        for (int i = 0; i < y.length; i++) {
            Tensor w = MaskedLoss.weights(losses[i], masks.get(i), sampleWeight);
            outputLosses[i] = w == null ? losses[i].compute(y[i], out.get(i)) : losses[i].compute(y[i], out.get(i), w);
            Tensor weighted = weights[i] == 1f ? outputLosses[i] : Ops.mulScalar(outputLosses[i], weights[i]);
            total = total == null ? weighted : Ops.add(total, weighted);
        }
        Tensor penalty = model.regularizationLoss();
        return penalty == null ? total : Ops.add(total, penalty);
    }

    /** The model's outputs and their masks (an output keeps one when, e.g., an Embedding with maskZero feeds a sequence output). */
    private Graph.Result runModel(List<Tensor> inputs, boolean training) {
        model.buildWeights();
        return model.graph().run(inputs, null, training);
    }

    /** Loss and metrics over {@code data} in inference mode. */
    Map<String, Double> evaluate(Dataset data, int batchSize) {
        try (CompiledMetrics acc = newMetrics(); AutoCloseable noGrad = Ops.noGrad()) {
            for (Batches.Batch b : data.batches(batchSize, false, 0)) evaluationStep(b, acc);
            return acc.read();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static List<Tensor> inputs(Backend be, Batches.Batch b) {
        Tensor[] x = new Tensor[b.xs().length];
        for (int i = 0; i < x.length; i++) x[i] = be.fromArray(b.xShapes()[i], b.xs()[i], 0);
        return java.util.Arrays.asList(x);
    }

    private static Tensor weights(Backend be, Batches.Batch b) {
        float[] w = b.sampleWeight();
        return w == null ? null : be.fromArray(dev.myelin.tensor.Shape.of(b.size()), w, 0);
    }

    private static Tensor[] labels(Backend be, Batches.Batch b) {
        Tensor[] y = new Tensor[b.ys().length];
        for (int i = 0; i < y.length; i++) y[i] = be.fromArray(b.yShapes()[i], b.ys()[i], 0);
        return y;
    }
}
