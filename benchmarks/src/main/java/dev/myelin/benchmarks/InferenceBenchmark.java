package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Ops;
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

/** LeNet inference (forward only, no tape) on a batch already on the backend; images/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
// A whole model warms up slowly: 8 iterations, for the reason given at TrainStepBenchmark.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class InferenceBenchmark {
    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"256"})
    public int batch;

    private Backend be;
    private Sequential model;
    private Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        model = Models.lenet();
        model.build(model.inputShape());
        x = BackendUnderTest.randomTensor(be, 1, batch, 28, 28, 1);
    }

    @Benchmark
    public void lenet(Work work) throws Exception {
        try (AutoCloseable noGrad = Ops.noGrad(); dev.myelin.tensor.Scope s = dev.myelin.tensor.Scope.open()) {
            model.call(x, false);
            be.synchronize();
        }
        work.images += batch;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        model.release();
    }
}
