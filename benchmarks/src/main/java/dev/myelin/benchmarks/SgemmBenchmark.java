package dev.myelin.benchmarks;

import dev.myelin.cpu.kernel.Sgemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU's matmul kernel alone ({@link Sgemm}, C = op(A) op(B) into a reused C), square and at
 * the shapes training the MLP and the LeNet asks for. Shapes read {@code MxKxN} then the
 * transposes, e.g. {@code 800x64x500 TN} is dW = X^T dY of the LeNet's Dense 500 at batch 64.
 * The thread count is fixed per JVM ({@code -Dmyelin.cpu.threads}), hence one subclass per count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SgemmBenchmark {
    private static final Pattern SHAPE = Pattern.compile("(\\d+)x(\\d+)x(\\d+) ([NT])([NT])");

    @Param({"256x256x256 NN", "512x512x512 NN", "1024x1024x1024 NN", "2048x2048x2048 NN",
            "128x784x128 NN", "128x128x784 NT", "784x128x128 TN",
            "64x800x500 NN", "64x500x800 NT", "800x64x500 TN",
            "4096x500x50 NN", "36864x25x20 NN", "500x4096x50 TN", "4096x50x500 NT"})
    public String shape;

    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] a, b, c;
    private long flops;

    @Setup
    public void setUp() {
        Matcher s = SHAPE.matcher(shape);
        if (!s.matches()) throw new IllegalArgumentException("shape must read MxKxN NN|NT|TN|TT, not " + shape);
        m = Integer.parseInt(s.group(1));
        k = Integer.parseInt(s.group(2));
        n = Integer.parseInt(s.group(3));
        transA = s.group(4).equals("T");
        transB = s.group(5).equals("T");
        lda = transA ? m : k;
        ldb = transB ? k : n;
        SplittableRandom random = new SplittableRandom(1);
        a = randoms(m * k, random);
        b = randoms(k * n, random);
        c = new float[m * n];
        flops = 2L * m * n * k;
    }

    @Benchmark
    public float[] sgemm(Work work) {
        Sgemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        work.flops += flops;
        return c;
    }

    static float[] randoms(int size, SplittableRandom random) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) random.nextDouble(-1, 1);
        return x;
    }

    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE, "-Dmyelin.cpu.threads=1"})
    public static class OneThread extends SgemmBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE, "-Dmyelin.cpu.threads=2"})
    public static class TwoThreads extends SgemmBenchmark {}
}
