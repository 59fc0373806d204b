package dev.myelin.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per fused multiply-add in a chain where each FMA waits for the one before: the
 * FMA's latency, 4 cycles on the AMD EPYC cores of RESULTS.md, so 4 / score is the clock in GHz
 * while the benchmark runs, and 32 FLOPs per cycle times that clock the float32 peak of one core.
 * The machine's clock moves with its load, so the GFLOP/s targets are read against this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClockBenchmark {
    private static final int CHAIN = 1000;

    private double x = 1.0;

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double dependentFma() {
        double v = x;
        for (int i = 0; i < CHAIN; i++) v = Math.fma(v, 0.9999999, 1e-9);
        return v;
    }
}
