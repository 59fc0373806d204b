package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.metrics.AUC;
import dev.myelin.metrics.F1Score;
import dev.myelin.metrics.Metric;
import dev.myelin.metrics.Precision;
import dev.myelin.metrics.R2Score;
import dev.myelin.metrics.SparseTopKCategoricalAccuracy;
import dev.myelin.optimizers.Adadelta;
import dev.myelin.optimizers.Adagrad;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.AdamW;
import dev.myelin.optimizers.Adamax;
import dev.myelin.optimizers.Lion;
import dev.myelin.optimizers.Nadam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.optimizers.SGD;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static dev.myelin.cuda.GpuBackends.CPU;
import static dev.myelin.cuda.GpuBackends.assertClose;
import static dev.myelin.cuda.GpuBackends.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The optimizers whose rules are composed of elementwise ops, the gradient clips, and the metrics'
 * device-side accumulation, on CUDA against the CPU backend: three steps (or batches) from the same
 * values. Tolerance 1e-5 relative and absolute: a few float32 operations per element, in the same
 * order on both backends, apart from the reductions (norms, sums) whose order differs.
 */
@Tag("gpu")
class CudaOptimizersTest {
    private static final Shape SHAPE = Shape.of(3, 37);

    private static float[] threeSteps(Backend be, Optimizer opt) {
        Tensor p = Scope.escape(be.fromArray(SHAPE, random(SHAPE, 70), 0)).requiresGrad(true);
        try (p) {
            for (int s = 0; s < 3; s++) {
                try (Scope scope = Scope.open()) {
                    p.setGrad(be.fromArray(SHAPE, random(SHAPE, 71 + s), 0));
                    opt.step(List.of(p));
                    p.setGrad(null);
                }
            }
            return p.toArray();
        } finally {
            opt.release();
        }
    }

    @Test
    void everyOptimizerStepsAsOnTheCpu() {
        CudaBackend cuda = GpuBackends.cuda();
        List<Supplier<Optimizer>> all = List.of(() -> new SGD(0.1).momentum(0.9).clipnorm(0.5), () -> new Adam(0.01).amsgrad(true),
                () -> new AdamW(0.01).globalClipnorm(1), () -> new RMSprop(0.01).momentum(0.5).centered(true).clipvalue(0.3),
                () -> new RMSprop(0.01), () -> new Adagrad(0.1), () -> new Adadelta(1.0), () -> new Adamax(0.01),
                () -> new Nadam(0.01).weightDecay(0.1), () -> new Lion(0.01));
        for (Supplier<Optimizer> make : all) {
            Optimizer o = make.get();
            assertClose(o.name(), threeSteps(CPU, o), threeSteps(cuda, make.get()), 1e-5, 1e-5);
        }
    }

    private static double threeBatches(Backend be, Metric m, boolean sparse) {
        try (m) {
            for (int b = 0; b < 3; b++) {
                try (Scope s = Scope.open()) {
                    float[] scores = random(64 * 4, 80 + b, 0f, 1f);
                    float[] labels = new float[sparse ? 64 : 64 * 4];
                    for (int i = 0; i < labels.length; i++) labels[i] = sparse ? i % 4 : (i % 5 == 0 ? 1 : 0);
                    Shape y = sparse ? Shape.of(64) : Shape.of(64, 4);
                    m.update(be.fromArray(y, labels, 0), be.fromArray(Shape.of(64, 4), scores, 0),
                            be.fromArray(Shape.of(64), random(64, 90 + b, 0.5f, 2f), 0));
                }
            }
            return m.result();
        }
    }

    @Test
    void metricsAccumulateAsOnTheCpu() {
        CudaBackend cuda = GpuBackends.cuda();
        List<Supplier<Metric>> all = List.of(AUC::new, () -> new AUC(50, "PR", "interpolation", false), Precision::new,
                () -> new F1Score("macro", 1, null), R2Score::new);
        for (Supplier<Metric> make : all) {
            Metric m = make.get();
            assertEquals(threeBatches(CPU, m, false), threeBatches(cuda, make.get(), false), 1e-5, m.name());
        }
        assertEquals(threeBatches(CPU, new SparseTopKCategoricalAccuracy(2), true),
                threeBatches(cuda, new SparseTopKCategoricalAccuracy(2), true), 1e-6, "sparse top-k");
    }
}
