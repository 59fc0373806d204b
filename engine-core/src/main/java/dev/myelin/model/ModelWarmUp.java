package dev.myelin.model;

import dev.myelin.data.BatchStream;
import dev.myelin.data.Batches;
import dev.myelin.data.DataSource;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Layer;
import dev.myelin.layers.RandomStream;
import dev.myelin.layers.RecurrentLayer;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fit's warm-up, before the first epoch of a long training on a backend that
 * {@linkplain dev.myelin.backend.Backend#benefitsFromWarmUp() benefits}, when the model has a kind of
 * layer no earlier warm-up of the JVM ran (the JIT's work is per JVM): the model's own training step
 * on its own first batches, 40 times at batch 8 and up to 250 times at fit's batch size (a quarter of
 * the training's steps at most), with two evaluation steps (recording off, as validation runs) after
 * every third; then the weights, the optimizer's slots and step count and the layers' random streams
 * are put back as they were, so training gives the same bits as without it.
 *
 * <p>Why: the CPU backend's kernels, and the training loop around them, are Java code that runs
 * interpreted or in C1 code (every Vector API operation a boxed call) until C2 compiles it, which
 * takes a method hundreds of calls; without a warm-up the first epoch of {@code ./myelin train} takes
 * about 3x as long as the others, the compiler taking a core from training. Small batches first
 * (interpreted steps are cheap), then fit's own shapes: C2 compiles loops for the shapes it profiled,
 * and a method a step calls once or twice (a product or convolution driver) needs some 800 calls
 * before C2 takes it. Validation takes branches training does not (no recording; packed weights kept
 * between calls), hence the evaluation steps. Running the model's own steps covers whatever layers,
 * loss, metrics and optimizer it has, and costs in proportion to its steps: a small net's warm-up
 * takes milliseconds. Each phase stops after 5 s (a model with long steps compiles its kernels within
 * a few of them); a training of fewer than 400 steps gets none, nor does a model whose recurrent
 * layers carry states from batch to batch (those could not be put back), nor one whose weights and
 * optimizer slots would take more than an eighth of the heap to copy.
 */
final class ModelWarmUp {
    /**
     * How much to run: no warm-up below {@code minTrainingSteps}; {@code smallSteps} of batch {@code smallBatch},
     * then {@code steps} (at most a quarter of the training's) of fit's batch, two evaluation steps after every
     * {@code evaluationEvery}; each phase stops after {@code phaseNanos}; none when the copy of the model's
     * state would take more than {@code maxStateBytes}.
     */
    record Plan(long minTrainingSteps, int smallBatch, int smallSteps, int steps, int evaluationEvery, long phaseNanos,
                long maxStateBytes) {}

    static final Plan DEFAULT = new Plan(400, 8, 40, 250, 3, 5_000_000_000L, Runtime.getRuntime().maxMemory() / 8);
    /** The plan fit runs; tests shorten it. */
    static volatile Plan plan = DEFAULT;
    /** The layer classes earlier warm-ups ran: a model made only of those finds its code compiled. */
    private static final Set<Class<?>> warmedUp = ConcurrentHashMap.newKeySet();

    private ModelWarmUp() {}

    /**
     * Whether the fit of {@code model}, {@code trainingSteps} steps in all, should warm up first: when it is
     * long enough, its state small enough to copy, and it has a kind of layer no earlier warm-up ran (which it
     * then counts as run).
     */
    static boolean due(Model model, long trainingSteps) {
        if (!model.backend().benefitsFromWarmUp() || trainingSteps < plan.minTrainingSteps()) return false;
        if (stateBytes(model) > plan.maxStateBytes()) return false;
        List<Layer> layers = model.allLayersAndSublayers();
        for (Layer l : layers) if (l instanceof RecurrentLayer<?> r && r.stateful()) return false;
        boolean newKind = false;
        for (Layer l : layers) newKind |= warmedUp.add(l.getClass());
        return newKind;
    }

    /** The bytes a copy of the weights and of the optimizer's slots (one per slot name and parameter) takes. */
    static long stateBytes(Model model) {
        long floats = 0;
        for (Tensor w : model.weights()) floats += w.size();
        long params = 0;
        for (Tensor p : model.params()) params += p.size();
        Optimizer optimizer = model.optimizer(); // null before compile
        return 4 * (floats + params * (optimizer == null ? 0 : optimizer.slotNames().size()));
    }

    /** For tests: the next long fit warms up again, whatever its layers. */
    static void forget() {
        warmedUp.clear();
    }

    /**
     * Runs the warm-up's steps through {@code loop} on {@code train}, before a training of {@code trainingSteps}
     * steps of {@code batchSize}, with its evaluation steps on the first batch of {@code validation} (or on the
     * training batch when there is none), then puts the model's state back, also when a step throws; returns the
     * training steps run.
     */
    static int run(TrainingLoop loop, Model model, DataSource train, int batchSize, Dataset validation, long trainingSteps) {
        Plan p = plan;
        List<Tensor> params = model.params();
        Optimizer optimizer = model.optimizer();
        List<Tensor> state = new ArrayList<>(model.weights());
        state.addAll(optimizer.variables(params)); // makes the slots a first step would, at their initial values
        long iterations = optimizer.iterations();
        List<RandomStream> streams = model.randomStreams();
        long[] positions = new long[streams.size()];
        for (int i = 0; i < positions.length; i++) positions[i] = streams.get(i).randomPosition();
        int steps = 0;
        try (WeightSnapshot snapshot = new WeightSnapshot(model.backend(), state); CompiledMetrics acc = loop.newMetrics()) {
            snapshot.take(0);
            try {
                steps += phase(loop, params, train, Math.min(p.smallBatch(), batchSize), p.smallSteps(), validation, p, acc);
                steps += phase(loop, params, train, batchSize, (int) Math.min(p.steps(), trainingSteps / 4), validation, p, acc);
            } finally {
                snapshot.restore();
                optimizer.setIterations(iterations);
                for (int i = 0; i < positions.length; i++) streams.get(i).seekRandom(positions[i]);
            }
        }
        return steps;
    }

    /** Up to {@code count} training steps of batch {@code batch}, for at most the plan's phase time; returns how many ran. */
    private static int phase(TrainingLoop loop, List<Tensor> params, DataSource train, int batch, int count, Dataset validation,
                             Plan p, CompiledMetrics acc) {
        long start = System.nanoTime();
        Batches.Batch evaluation = validation == null ? null : validation.batches(batch, false, 0).iterator().next();
        int steps = 0;
        boolean more = true;
        while (more && steps < count) {
            more = false;
            try (BatchStream pass = train.epoch(batch, false, 0)) {
                while (pass.hasNext() && steps < count && System.nanoTime() - start < p.phaseNanos()) {
                    Batches.Batch b = pass.next();
                    loop.trainStep(b, params, acc);
                    if (++steps % p.evaluationEvery() == 0) {
                        evaluate(loop, evaluation == null ? b : evaluation, acc);
                    }
                    more = true; // a pass that ran a step may run again
                }
            }
            if (System.nanoTime() - start >= p.phaseNanos()) break;
        }
        acc.read(); // as an epoch's end does
        return steps;
    }

    /** Two evaluation steps: the first packs the weights for inference, the second reuses what it kept. */
    private static void evaluate(TrainingLoop loop, Batches.Batch b, CompiledMetrics acc) {
        try (AutoCloseable noGrad = Ops.noGrad()) {
            loop.evaluationStep(b, acc);
            loop.evaluationStep(b, acc);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
