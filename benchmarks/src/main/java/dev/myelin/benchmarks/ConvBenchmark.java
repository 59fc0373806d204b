package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
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

/**
 * Conv2D forward, backward-data and backward-filter through the Backend SPI, for the LeNet's two
 * layers at batch 64 and a CIFAR-scale layer. Each pass counts {@code 2 * macs()} FLOPs.
 * {@link OneThread} pins the CPU backend to one core (the per-core targets); {@link AllCores} uses both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ConvBenchmark {
    @Param({"cpu", "cuda"})
    public String backend;

    /**
     * lenet1: 28x28x1 -> 20 filters 5x5; lenet2: 12x12x20 -> 50 filters 5x5 (both batch 64, valid); cifar: 32x32x64 -> 64
     * filters 3x3 same, batch 128; resnet0 and resnet: the residual net's 32x32x3 -> 16 and 32x32x16 -> 16, 3x3 same, batch 64.
     */
    @Param({"lenet1", "lenet2", "cifar", "resnet0", "resnet"})
    public String layer;

    private Backend be;
    private Conv2dGeometry g;
    private Tensor x, w, dy;
    private long flops;

    static Conv2dGeometry geometry(String layer) {
        return switch (layer) {
            case "lenet1" -> Conv2dGeometry.of(64, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID);
            case "lenet2" -> Conv2dGeometry.of(64, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID);
            case "cifar" -> Conv2dGeometry.of(128, 32, 32, 64, 64, 3, 3, 1, 1, Padding.SAME);
            case "resnet0" -> Conv2dGeometry.of(64, 32, 32, 3, 16, 3, 3, 1, 1, Padding.SAME);
            case "resnet" -> Conv2dGeometry.of(64, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME);
            default -> throw new IllegalArgumentException("unknown layer " + layer + "; known: lenet1, lenet2, cifar, resnet0, resnet");
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        g = geometry(layer);
        x = BackendUnderTest.randomTensor(be, 1, g.batch(), g.inH(), g.inW(), g.inC());
        w = BackendUnderTest.randomTensor(be, 2, g.outC(), g.kernelH(), g.kernelW(), g.inC());
        dy = BackendUnderTest.randomTensor(be, 3, g.batch(), g.outH(), g.outW(), g.outC());
        flops = 2 * g.macs();
    }

    @Benchmark
    public void forward(Work work) {
        try (Tensor y = be.conv2d(x, w, g)) {
            be.synchronize();
        }
        work.flops += flops;
    }

    @Benchmark
    public void backwardData(Work work) {
        try (Tensor dx = be.conv2dBackwardData(dy, w, g)) {
            be.synchronize();
        }
        work.flops += flops;
    }

    @Benchmark
    public void backwardFilter(Work work) {
        try (Tensor dw = be.conv2dBackwardFilter(x, dy, g)) {
            be.synchronize();
        }
        work.flops += flops;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        w.close();
        dy.close();
    }

    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE, "-Dmyelin.cpu.threads=1"})
    public static class OneThread extends ConvBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
    public static class AllCores extends ConvBenchmark {}
}
