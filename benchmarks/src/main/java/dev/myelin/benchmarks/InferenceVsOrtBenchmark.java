package dev.myelin.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.model.Model;
import dev.myelin.tensor.Shape;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inference as a user calls it, Myelin against ONNX Runtime's Java API on the same network, weights
 * and batch, in one JMH run: {@code myelin} is {@link Model#predict(float[], Shape, int)} (a float
 * array of NHWC images in, the outputs out) on the CPU backend; {@code onnxRuntime} wraps the same
 * images in NCHW order (what a network exported from PyTorch takes) as an {@link OnnxTensor}, runs
 * an {@link OrtSession} and reads the outputs into a {@code float[][]}. Both use
 * {@link Parallel#threads()} threads (ONNX Runtime: as many intra-op threads, one inter-op thread,
 * its other options at their defaults, all graph optimizations on). images/s in the {@code images}
 * counter.
 *
 * <p>The networks and weights come from {@code benchmarks/onnx/export.py} (run it first; the
 * folder is {@code -Dmyelin.onnx.dir}, default {@code benchmarks/onnx/target}). The set-up runs
 * both on the benchmark's batch and fails unless their outputs agree, so both sides compute the
 * same function. {@code benchmarks/pytorch/inference.py} times the same in PyTorch and
 * {@code benchmarks/pytorch/same-minute.sh inference} alternates the two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
// A whole model warms up slowly: see TrainStepBenchmark.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE})
public class InferenceVsOrtBenchmark {
    /** The network: {@code lenet} (Models.lenet) or {@code resnet} (ResNetStepBenchmark's residual net). */
    @Param({"lenet", "resnet"})
    public String model;

    /** Images per call. */
    @Param({"1", "32", "256"})
    public int batch;

    private Model myelin;
    private Shape sampleShape;
    private float[] nhwc;
    private OrtEnvironment env;
    private OrtSession session;
    private FloatBuffer nchw;
    private long[] nchwShape;

    /** Loads both sides, checks that they agree on the batch, and keeps the one {@code params} times. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException, OrtException {
        Path dir = Path.of(System.getProperty("myelin.onnx.dir", "benchmarks/onnx/target"));
        Path onnx = dir.resolve(model + ".onnx"), weights = dir.resolve(model + ".weights.zip");
        if (!Files.isRegularFile(onnx) || !Files.isRegularFile(weights)) {
            throw new IllegalStateException("no " + onnx + " or " + weights + ": run /usr/bin/python3 benchmarks/onnx/export.py first"
                    + " (or set -Dmyelin.onnx.dir to where it wrote them)");
        }
        BackendUnderTest.open("cpu");
        myelin = switch (model) {
            case "lenet" -> Models.lenet();
            case "resnet" -> ResNetStepBenchmark.residualNet();
            default -> throw new IllegalArgumentException("unknown model " + model + "; known: lenet, resnet");
        };
        myelin.loadWeights(weights);
        sampleShape = myelin.inputShape();
        int h = sampleShape.dim(0), w = sampleShape.dim(1), c = sampleShape.dim(2);
        nhwc = new float[batch * h * w * c];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < nhwc.length; i++) nhwc[i] = (float) random.nextDouble();
        float[] chw = new float[nhwc.length];
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) chw[((n * c + k) * h + y) * w + x] = nhwc[((n * h + y) * w + x) * c + k];
                }
            }
        }
        nchw = FloatBuffer.wrap(chw);
        nchwShape = new long[] {batch, c, h, w};

        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Parallel.threads());
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(onnx.toString(), options);

        checkAgreement(myelinPredict(), onnxRuntime());
        if (params.getBenchmark().endsWith(".myelin")) {
            session.close();
            session = null;
        } else {
            myelin.release();
            myelin = null;
        }
    }

    /** Myelin: {@code model.predict(images, sampleShape, batch)}. */
    @Benchmark
    public float[] myelin(Work work) {
        work.images += batch;
        return myelinPredict();
    }

    private float[] myelinPredict() {
        return myelin.predict(nhwc, sampleShape, batch);
    }

    /** ONNX Runtime: a tensor over the images, {@code session.run}, the outputs as {@code float[][]}. */
    @Benchmark
    public float[][] onnxRuntime(Work work) throws OrtException {
        work.images += batch;
        return onnxRuntime();
    }

    private float[][] onnxRuntime() throws OrtException {
        nchw.rewind();
        try (OnnxTensor images = OnnxTensor.createTensor(env, nchw, nchwShape);
             OrtSession.Result result = session.run(Map.of("images", images))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /**
     * Fails unless every output agrees to 1e-4 of the output's largest magnitude: both sides sum the
     * same float products in different orders (and ONNX Runtime folds the batch norms into the
     * convolutions), which moves float32 results by a few ulps of the largest terms, not more.
     */
    private void checkAgreement(float[] ours, float[][] theirs) {
        int classes = theirs[0].length;
        double scale = 0, worst = 0;
        for (float[] row : theirs) for (float v : row) scale = Math.max(scale, Math.abs(v));
        for (int n = 0; n < theirs.length; n++) {
            for (int k = 0; k < classes; k++) worst = Math.max(worst, Math.abs(ours[n * classes + k] - theirs[n][k]));
        }
        if (ours.length != theirs.length * classes || worst > 1e-4 * Math.max(scale, 1e-6)) {
            throw new IllegalStateException("Myelin and ONNX Runtime disagree on " + model + " batch " + batch
                    + ": largest difference " + worst + " (outputs up to " + scale + ")");
        }
        System.out.printf("%s batch %d: Myelin and ONNX Runtime agree to %.2e (outputs up to %.3f); %d threads%n",
                model, batch, worst, scale, Parallel.threads());
    }

    /** Closes the session and frees the weights. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (session != null) session.close();
        if (myelin != null) myelin.release();
    }
}
