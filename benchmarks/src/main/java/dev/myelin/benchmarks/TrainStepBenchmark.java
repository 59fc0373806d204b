package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;

/**
 * One whole training step (forward, loss, backward, Adam update), as {@code Sequential.fit} runs
 * it, on a batch already on the backend; images/s. The device is synchronized inside the step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
// A whole model has many methods for C2 to compile while both cores also run the model, so it
// warms up slowly: on the 2-core machine of RESULTS.md one-second iterations still rose until the
// 7th or 8th (LeNet step: 0.8, 25, 73, 82, 82, 77, 91, 83, 89 ops/s); 3 iterations measured the ramp.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class TrainStepBenchmark {
    @Param({"cpu", "cuda"})
    public String backend;

    /** model-batch: the MLP at 128, the LeNet at 1, 4, 16, 64 and 256 (the small ones: where threads help least). */
    @Param({"mlp-128", "lenet-1", "lenet-4", "lenet-16", "lenet-64", "lenet-256"})
    public String config;

    private Backend be;
    private Sequential model;
    private SparseCategoricalCrossentropy loss;
    private Adam adam;
    private List<Tensor> params;
    private Tensor x, y;
    private int batch;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = config.split("-");
        batch = Integer.parseInt(parts[1]);
        be = BackendUnderTest.open(backend);
        model = Models.byName(parts[0]);
        loss = new SparseCategoricalCrossentropy(true);
        adam = new Adam(1e-3f);
        model.compile(adam, loss);
        params = model.params();
        int[] dims = model.inputShape().prepend(batch).toArray();
        x = BackendUnderTest.randomTensor(be, 1, dims);
        y = BackendUnderTest.randomLabels(be, 2, batch, 10);
    }

    @Benchmark
    public void step(Work work) {
        try (dev.myelin.tensor.Scope step = dev.myelin.tensor.Scope.open()) {
            Tensor out = model.call(x, true);
            Tensor l = loss.compute(y, out);
            l.backward();
            adam.step(params);
            be.synchronize();
        } finally {
            for (Tensor p : params) p.setGrad(null);
        }
        work.images += batch;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        model.release();
    }

    /** The same step with {@code -Dmyelin.cpu.threads=1}, so one JMH run measures 1 and 2 threads side by side. */
    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE, "-Dmyelin.cpu.threads=1"})
    public static class OneThread extends TrainStepBenchmark {}
}
