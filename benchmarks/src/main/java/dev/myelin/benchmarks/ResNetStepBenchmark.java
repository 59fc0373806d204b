package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;
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
 * One training step of the resnet example's residual net (32x32x3 input; Conv2D 16 3x3 same without bias,
 * BatchNormalization, relu; one residual block of two such Conv2D + BatchNormalization with relu
 * between, added to the block's input, relu; GlobalAveragePooling2D; Dense 10 softmax; sparse
 * categorical cross-entropy; Adam(1e-3)) on a batch of 64 images already on the backend; images/s
 * in the {@code images} counter. benchmarks/pytorch/resnet_step.py times the same step in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class ResNetStepBenchmark {
    static final int BATCH = 64, SIDE = 32, CHANNELS = 3, FILTERS = 16, CLASSES = 10;

    /** The backend under test. */
    @Param({"cpu", "cuda"})
    public String backend;

    private Backend be;
    private Model model;
    private SparseCategoricalCrossentropy loss;
    private Adam adam;
    private List<Tensor> params;
    private Tensor x, y;

    /** The residual net, built with the functional API. */
    static Model residualNet() {
        SymbolicTensor in = Input.of(SIDE, SIDE, CHANNELS);
        SymbolicTensor shortcut = new Activation("relu").apply(new BatchNormalization().apply(conv(in)));
        SymbolicTensor x = new Activation("relu").apply(new BatchNormalization().apply(conv(shortcut)));
        x = new BatchNormalization().apply(conv(x));
        x = new Activation("relu").apply(new Add().apply(x, shortcut));
        SymbolicTensor out = new Dense(CLASSES).activation("softmax").apply(new GlobalAveragePooling2D().apply(x));
        return new Model(in, out).seed(1);
    }

    private static SymbolicTensor conv(SymbolicTensor x) {
        return new Conv2D(FILTERS, 3).padding("same").useBias(false).apply(x);
    }

    /** Builds and compiles the net on the backend and puts a random batch there. */
    @Setup(Level.Trial)
    public void setUp() {
        be = BackendUnderTest.open(backend);
        model = residualNet();
        loss = new SparseCategoricalCrossentropy();
        adam = new Adam(1e-3);
        model.compile(adam, loss);
        params = model.params();
        x = BackendUnderTest.randomTensor(be, 2, BATCH, SIDE, SIDE, CHANNELS);
        y = BackendUnderTest.randomLabels(be, 3, BATCH, CLASSES);
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
        work.images += BATCH;
    }

    /** Frees the batch and the weights. */
    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        model.release();
    }
}
