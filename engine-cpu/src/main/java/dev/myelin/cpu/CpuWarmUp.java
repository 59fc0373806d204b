package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CPU backend's warm-up: a small convolutional net's training step (two 5x5
 * convolutions with relu and 2x2 max pooling, two dense layers, softmax cross-entropy, Adam: the
 * kernels most models run), run 40 times at batch 8 and 250 times at batch 32 on throwaway tensors,
 * with evaluation steps (no recording) among them, before the first {@code fit} of a JVM that
 * trains long enough for it to pay ({@link #MIN_PARAMETER_SAMPLES}), so that the JIT compiles the
 * Vector API kernels on small shapes.
 *
 * <p>Why: until C2 compiles them, the kernels run interpreted or in C1 code with every vector
 * operation a boxed call; on the real shapes that took the first epoch of {@code ./myelin train}
 * 2.5 to 3x as long as the others, and made the one C2 thread also compile the Vector API's
 * fallback methods and each kernel twice (on-stack replacement, then standard). On small shapes
 * the kernels reach C2 after a few steps. (Run in a background thread while training starts, it
 * made the first epoch slower still: three threads and the compiler on two cores.) The steps touch
 * nothing outside their own tensors (the random values come from fixed seeds, the buffers go back
 * to the pool), so training gives the same bits with and without it.
 * {@code -Dmyelin.cpu.warmUp=false} turns it off.
 */
final class CpuWarmUp {
    static final String PROPERTY = "myelin.cpu.warmUp";
    private static final Logger LOG = Logger.getLogger(CpuWarmUp.class.getName());
    /**
     * Below this much training (trainable parameters times samples, about 3 s of the LeNet's training on
     * 2 Zen 5 cores) the warm-up is skipped: it would cost more than it saves (a small dense net, say).
     */
    static final double MIN_PARAMETER_SAMPLES = 1e10;
    /**
     * (batch, steps): small batches first, where interpreted steps are cheap, then the default batch's shapes.
     * The 250 steps at batch 32 are for the methods a step calls only a few times (the product and
     * convolution drivers): C1 profiles a method after about 200 calls and C2 takes it after some 600
     * more calls in that profiled code, so with 60 steps C2 compiled those drivers during the first
     * epoch, on the cores the epoch runs on.
     */
    private static final int[][] PLAN = {{8, 40}, {32, 250}};
    /**
     * Every this many training steps, two evaluation steps (no recording; the second with the weights'
     * packings kept): validation takes branches training never does, and C2 compiles a method for the
     * branches it has seen, so without them the first validation deoptimized and recompiled the
     * convolution, product and element kernels it shares with training.
     */
    private static final int EVALUATION_EVERY = 3;
    private static boolean done;

    private CpuWarmUp() {}

    /**
     * Runs the warm-up on {@code backend}, once per JVM (later calls return at once), unless
     * {@code -Dmyelin.cpu.warmUp=false}. A failure is logged, not thrown: training works without it.
     */
    static synchronized void runOnce(CpuBackend backend) {
        if (done || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return;
        done = true;
        try {
            run(backend, PLAN);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "myelin: the CPU kernels' warm-up failed; training starts without it", e);
        }
    }

    /** Runs the warm-up's steps on the calling thread: {@code plan[i][1]} steps of batch {@code plan[i][0]}, for each i. */
    static void run(CpuBackend be, int[][] plan) {
        try (Scope scope = Scope.open()) {
            List<Tensor> params = List.of(param(be, 1, 20, 5, 5, 1), param(be, 2, 20), param(be, 3, 50, 5, 5, 20), param(be, 4, 50),
                    param(be, 5, 800, 500), param(be, 6, 500), param(be, 7, 500, 10), param(be, 8, 10));
            List<Tensor> moments = new ArrayList<>();
            for (Tensor p : params) {
                moments.add(be.zeros(p.shape()));
                moments.add(be.zeros(p.shape()));
            }
            long step = 0;
            for (int[] part : plan) {
                int batch = part[0];
                Tensor images = be.randomUniform(Shape.of(batch, 28, 28, 1), 0f, 1f, 9);
                Tensor labels = be.zeros(Shape.of(batch));
                for (int i = 0; i < part[1]; i++) {
                    trainStep(be, images, labels, params, moments, ++step);
                    if (i % EVALUATION_EVERY == EVALUATION_EVERY - 1) {
                        evaluationStep(images, labels, params);
                        evaluationStep(images, labels, params);
                    }
                }
            }
        }
    }

    /** One Adam step of LeNet's layers on {@code images}. */
    private static void trainStep(CpuBackend be, Tensor images, Tensor labels, List<Tensor> params, List<Tensor> moments, long step) {
        try (Scope scope = Scope.open()) {
            Ops.mean(Ops.softmaxCrossEntropy(logits(images, params), labels, true)).backward();
            for (int k = 0; k < params.size(); k++) {
                Tensor p = params.get(k);
                be.adamUpdate(p, p.grad(), moments.get(2 * k), moments.get(2 * k + 1), 1e-3f, 0.9f, 0.999f, 1e-7f, step);
                p.setGrad(null);
            }
        }
    }

    /** The loss without recording, as validation computes it: the first call packs the weights, the second reuses them. */
    private static void evaluationStep(Tensor images, Tensor labels, List<Tensor> params) {
        try (Scope scope = Scope.open(); AutoCloseable noGrad = Ops.noGrad()) {
            Ops.mean(Ops.softmaxCrossEntropy(logits(images, params), labels, true));
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** LeNet's layers ({@code examples}' {@code LeNet}) written with the ops its layers call. */
    private static Tensor logits(Tensor images, List<Tensor> params) {
        int b = images.dim(0);
        Tensor y = Ops.conv2d(images, params.get(0), Conv2dGeometry.of(b, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID));
        y = Ops.addBiasActivation(y, params.get(1), ActivationKind.RELU, 0f);
        y = Ops.pool2d(PoolMode.MAX, y, Pool2dGeometry.of(b, 24, 24, 20, 2, 2, 2, 2, Padding.VALID));
        y = Ops.conv2d(y, params.get(2), Conv2dGeometry.of(b, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID));
        y = Ops.addBiasActivation(y, params.get(3), ActivationKind.RELU, 0f);
        y = Ops.pool2d(PoolMode.MAX, y, Pool2dGeometry.of(b, 8, 8, 50, 2, 2, 2, 2, Padding.VALID));
        y = Ops.addBiasActivation(Ops.dense(Ops.flatten(y), params.get(4), null), params.get(5), ActivationKind.RELU, 0f);
        return Ops.addBias(Ops.dense(y, params.get(6), null), params.get(7));
    }

    private static Tensor param(CpuBackend be, long seed, int... dims) {
        return be.randomUniform(Shape.of(dims), -0.05f, 0.05f, seed).requiresGrad(true);
    }
}
