package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
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

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Backend.matmul} on each backend: what a Dense layer pays, a fresh output tensor included.
 * Shapes read {@code MxKxN} and the transposes, as in {@link SgemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class MatmulBenchmark {
    private static final Pattern SHAPE = Pattern.compile("(\\d+)x(\\d+)x(\\d+) ([NT])([NT])");

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"256x256x256 NN", "512x512x512 NN", "1024x1024x1024 NN", "2048x2048x2048 NN",
            "64x800x500 NN", "64x500x800 NT", "800x64x500 TN", "128x784x128 NN"})
    public String shape;

    private Backend be;
    private Tensor a, b;
    private boolean transA, transB;
    private long flops;

    @Setup(Level.Trial)
    public void setUp() {
        Matcher s = SHAPE.matcher(shape);
        if (!s.matches()) throw new IllegalArgumentException("shape must read MxKxN NN|NT|TN|TT, not " + shape);
        int m = Integer.parseInt(s.group(1)), k = Integer.parseInt(s.group(2)), n = Integer.parseInt(s.group(3));
        transA = s.group(4).equals("T");
        transB = s.group(5).equals("T");
        be = BackendUnderTest.open(backend);
        a = transA ? BackendUnderTest.randomTensor(be, 1, k, m) : BackendUnderTest.randomTensor(be, 1, m, k);
        b = transB ? BackendUnderTest.randomTensor(be, 2, n, k) : BackendUnderTest.randomTensor(be, 2, k, n);
        flops = 2L * m * n * k;
    }

    @Benchmark
    public void matmul(Work work) {
        try (Tensor c = be.matmul(a, transA, b, transB)) {
            be.synchronize();
        }
        work.flops += flops;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
    }
}
