package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.losses.Loss;
import dev.myelin.model.Model;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;
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

import java.util.ArrayList;
import java.util.List;

/**
 * What the training-step benchmarks share: one whole step (forward in training mode, the loss,
 * backward, Adam(1e-3)'s update, the device synchronized), as {@code Model.fit} runs it, on the next
 * of a pool of batches already on the backend; samples/s in the {@code images} counter. A subclass
 * says which model, loss and pool; the twins in benchmarks/pytorch time the same steps in PyTorch.
 *
 * <p>Why a pool and not one batch: a model stepped on one batch memorizes it within a few hundred
 * steps (the LeNet at batch 64: loss 8e-4 after 50 steps, 3e-5 after 1,000), and from then on the
 * step runs on gradients orders of magnitude smaller than in a real fit (at batch 1, 4e-22: Adam's
 * squares of them are subnormal floats, and its loop ran 1.9x slower on them; benchmarks/RESULTS.md).
 * On {@link #POOL_SAMPLES} samples with random labels the loss stays at chance for a run.
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
    private List<Tensor> xs, ys;
    private int batch, next;

    /** Distinct samples a pool holds, fewer where they would take more than {@link #POOL_FLOATS}. */
    static final int POOL_SAMPLES = 8192;
    /** Floats of input a pool holds at most (32 MB). */
    static final long POOL_FLOATS = 8L << 20;

    /** A model to train (not yet compiled), its loss, and a pool of batches of inputs and labels on the backend. */
    record Trainee(Model model, Loss loss, List<Tensor> xs, List<Tensor> ys) {}

    /** How many batches of {@code batch} samples of {@code floatsPerSample} input floats a pool holds (at least one). */
    static int poolBatches(int batch, long floatsPerSample) {
        long samples = Math.min(POOL_SAMPLES, POOL_FLOATS / Math.max(1, floatsPerSample));
        return (int) Math.max(1, samples / batch);
    }

    /**
     * A trainee on a pool of random images (uniform in [-1, 1), shape {@code sampleDims}) with random
     * labels in [0, classes): batch i draws its images from seed {@code seed + 2i} and its labels from
     * {@code seed + 2i + 1}.
     */
    static Trainee onRandomImages(Model model, Loss loss, Backend be, long seed, int classes, int batch, int... sampleDims) {
        Shape sample = Shape.of(sampleDims);
        int[] dims = sample.prepend(batch).toArray();
        List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0, n = poolBatches(batch, sample.size()); i < n; i++) {
            xs.add(BackendUnderTest.randomTensor(be, seed + 2L * i, dims));
            ys.add(BackendUnderTest.randomLabels(be, seed + 2L * i + 1, batch, classes));
        }
        return new Trainee(model, loss, xs, ys);
    }

    /** Builds this benchmark's model, loss and pool on {@code backend}. */
    abstract Trainee trainee(Backend backend);

    /** Opens the backend, builds and compiles the model and puts the pool there. */
    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        Trainee t = trainee(be);
        model = t.model();
        loss = t.loss();
        xs = t.xs();
        ys = t.ys();
        batch = xs.get(0).shape().dim(0);
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
            Tensor out = model.call(xs.get(next), true);
            loss.compute(ys.get(next), out).backward();
            adam.step(params);
            be.synchronize();
        } finally {
            for (Tensor p : params) p.setGrad(null);
        }
        next = (next + 1) % xs.size();
        work.images += batch;
    }

    /** Frees the pool and the weights. */
    @TearDown(Level.Trial)
    public void tearDown() {
        xs.forEach(Tensor::close);
        ys.forEach(Tensor::close);
        model.release();
    }
}
