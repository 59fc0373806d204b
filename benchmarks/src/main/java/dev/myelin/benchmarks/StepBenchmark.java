package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.losses.Loss;
import dev.myelin.model.Model;
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
 * What the training-step benchmarks share: one whole step (forward in training mode, the loss,
 * backward, Adam(1e-3)'s update, the device synchronized), as {@code Model.fit} runs it, on a batch
 * already on the backend; samples/s in the {@code images} counter. A subclass says which model,
 * loss and batch; the twins in benchmarks/pytorch time the same steps in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public abstract class StepBenchmark {
    /** The backend under test. */
    @Param({"cpu", "cuda"})
    public String backend;

    private Backend be;
    private Model model;
    private Loss loss;
    private Adam adam;
    private List<Tensor> params;
    private Tensor x, y;
    private int batch;

    /** A model to train (not yet compiled), its loss, and a batch of inputs and labels on the backend. */
    record Trainee(Model model, Loss loss, Tensor x, Tensor y) {}

    /** Builds this benchmark's model, loss and batch on {@code backend}. */
    abstract Trainee trainee(Backend backend);

    /** Opens the backend, builds and compiles the model and puts the batch there. */
    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        Trainee t = trainee(be);
        model = t.model();
        loss = t.loss();
        x = t.x();
        y = t.y();
        batch = x.shape().dim(0);
        adam = new Adam(1e-3);
        model.compile(adam, loss);
        params = model.params();
        // The twins print theirs: equal counts say the two sides train the same layers.
        System.out.println("myelin: " + parameterCount() + " parameters");
    }

    /** The number of trainable weights of the model (after {@link #setUp}). */
    long parameterCount() {
        return params.stream().mapToLong(p -> p.shape().size()).sum();
    }

    /** One step: forward in training mode, the loss, backward, Adam's update. */
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
        work.images += batch;
    }

    /** Frees the batch and the weights. */
    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        model.release();
    }
}
