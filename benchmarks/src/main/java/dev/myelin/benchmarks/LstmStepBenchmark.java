package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.losses.BinaryCrossentropy;
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
import java.util.SplittableRandom;

/**
 * One training step of the Embedding-LSTM text classifier (Embedding(10000, 32), LSTM(32),
 * Dense(1, sigmoid), binary cross-entropy, Adam) on a batch of 64 sequences of 200 token ids
 * already on the backend; sequences/s in the {@code images} counter. benchmarks/pytorch/lstm_step.py
 * times the same step in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class LstmStepBenchmark {
    static final int VOCABULARY = 10_000, EMBEDDING = 32, UNITS = 32, TOKENS = 200, BATCH = 64;

    @Param({"cpu", "cuda"})
    public String backend;

    private Backend be;
    private Sequential model;
    private BinaryCrossentropy loss;
    private Adam adam;
    private List<Tensor> params;
    private Tensor x, y;

    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        model = new Sequential(new Input(TOKENS), new Embedding(VOCABULARY, EMBEDDING), new LSTM(UNITS),
                new Dense(1).activation("sigmoid")).seed(1);
        loss = new BinaryCrossentropy();
        adam = new Adam(1e-3f);
        model.compile(adam, loss);
        params = model.params();
        SplittableRandom r = new SplittableRandom(3);
        float[] ids = new float[BATCH * TOKENS], labels = new float[BATCH];
        for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(VOCABULARY);
        for (int i = 0; i < BATCH; i++) labels[i] = r.nextInt(2);
        x = be.fromArray(dev.myelin.tensor.Shape.of(BATCH, TOKENS), ids, 0);
        y = be.fromArray(dev.myelin.tensor.Shape.of(BATCH, 1), labels, 0);
    }

    @Benchmark
    public void step(Work work) {
        try (dev.myelin.tensor.Scope step = dev.myelin.tensor.Scope.open()) {
            Tensor out = model.call(x, true);
            loss.compute(y, out).backward();
            adam.step(params);
            be.synchronize();
        } finally {
            for (Tensor p : params) p.setGrad(null);
        }
        work.images += BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        model.release();
    }
}
