package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
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

/** 2x2 max pooling forward and backward, after the LeNet's first layer (batch 64) and the CIFAR layer (batch 128); images/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class PoolBenchmark {
    @Param({"cpu", "cuda"})
    public String backend;

    /** lenet1: 24x24x20 at batch 64; cifar: 32x32x64 at batch 128. */
    @Param({"lenet1", "cifar"})
    public String layer;

    private Backend be;
    private Pool2dGeometry g;
    private Tensor x, y, dy;

    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        g = switch (layer) {
            case "lenet1" -> Pool2dGeometry.of(64, 24, 24, 20, 2, 2, 2, 2, Padding.VALID);
            case "cifar" -> Pool2dGeometry.of(128, 32, 32, 64, 2, 2, 2, 2, Padding.VALID);
            default -> throw new IllegalArgumentException("unknown layer " + layer + "; known: lenet1, cifar");
        };
        x = BackendUnderTest.randomTensor(be, 1, g.batch(), g.inH(), g.inW(), g.channels());
        y = be.pool2d(PoolMode.MAX, x, g);
        dy = BackendUnderTest.randomTensor(be, 2, g.batch(), g.outH(), g.outW(), g.channels());
    }

    @Benchmark
    public void maxForward(Work work) {
        try (Tensor out = be.pool2d(PoolMode.MAX, x, g)) {
            be.synchronize();
        }
        work.images += g.batch();
    }

    @Benchmark
    public void maxBackward(Work work) {
        try (Tensor dx = be.pool2dBackward(PoolMode.MAX, x, y, dy, g)) {
            be.synchronize();
        }
        work.images += g.batch();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        dy.close();
    }
}
