package dev.myelin.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Useful work done, counted next to JMH's operations so that the results carry it as a rate:
 * JMH reports {@code flops} in FLOP/s and {@code images} in images/s (secondary results).
 * Benchmarks add their per-call amount once per call; the add costs a nanosecond.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Work {
    public long flops;
    public long images;

    @Setup(Level.Iteration)
    public void reset() {
        flops = 0;
        images = 0;
    }
}
