package dev.myelin.examples;

import dev.myelin.charts.LearningCurves;
import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Model;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 21's residual net on MNIST padded to 32x32 with 3 channels, trained with and without
 * BatchNormalization: Conv2D 16 3x3 same, BN, relu; a block of Conv2D, BN, relu, Conv2D, BN whose
 * output is added to its input; relu; GlobalAveragePooling2D; Dense 10 (5,402 parameters with BN, 96
 * of them BN's moving statistics). Without BN the convolutions get their biases back (5,258
 * parameters). Both train with Adam on the same images in the same order; their learning curves
 * are drawn one above the other in one PNG.
 */
public final class Resnet {
    /** The example's defaults: 3 epochs of mini-batches of 64 on 10,000 images. */
    public static final int EPOCHS = 3, BATCH_SIZE = 32;
    /** Adam's learning rate (Keras's default). */
    public static final double LEARNING_RATE = 1e-2;
    static final String PNG_FILE = "batchnorm.png";

    private Resnet() {}

    /** The residual net, with BatchNormalization after each convolution or (false) without it. */
    public static Model model(boolean batchNorm, long seed) {
        SymbolicTensor in = Input.of("image", 32, 32, 3);
        SymbolicTensor x = convolution(in, batchNorm);
        SymbolicTensor block = new Activation("relu").apply(x);
        x = new Activation("relu").apply(convolution(block, batchNorm));
        x = convolution(x, batchNorm);
        x = new Activation("relu").apply(new Add().apply(x, block));
        SymbolicTensor out = new Dense(10).apply(new GlobalAveragePooling2D().apply(x));
        Model m = new Model(in, out).named(batchNorm ? "resnet_bn" : "resnet_plain").seed(seed);
        m.compile(new Adam(LEARNING_RATE), new SparseCategoricalCrossentropy(true), "accuracy");
        return m;
    }

    /** Conv2D 16 3x3 same: without bias and followed by BatchNormalization, or with its bias. */
    private static SymbolicTensor convolution(SymbolicTensor x, boolean batchNorm) {
        SymbolicTensor y = new Conv2D(16, 3).padding("same").useBias(!batchNorm).apply(x);
        return batchNorm ? new BatchNormalization().apply(y) : y;
    }

    /** 28x28x1 digits centred in 32x32 and repeated over 3 channels, labels kept. */
    static Dataset padded(Dataset digits) {
        int n = digits.size();
        float[] src = digits.x(), x = new float[n * 32 * 32 * 3];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    float v = src[(i * 28 + r) * 28 + c];
                    int at = ((i * 32 + r + 2) * 32 + c + 2) * 3;
                    x[at] = v;
                    x[at + 1] = v;
                    x[at + 2] = v;
                }
            }
        }
        return new Dataset(x, Shape.of(32, 32, 3), digits.y(), digits.labelShape());
    }

    /** Held-out accuracy and learning curves of the two nets. */
    public record Result(double withBatchNorm, double without, History withHistory, History withoutHistory) {}

    /**
     * Trains both nets on the first {@code trainImages} training images for {@code epochs}, validating
     * on the first {@code heldOutImages} test images after each epoch; writes both learning curves to
     * {@code png} when it is not null.
     */
    public static Result train(Mnist data, int trainImages, int heldOutImages, int epochs, long seed, int verbose, PrintStream out,
                               Path png) throws IOException {
        Dataset train = padded(data.train().subset(0, Math.min(trainImages, data.train().size())));
        Dataset test = padded(data.test().subset(0, Math.min(heldOutImages, data.test().size())));
        FitOptions options = new FitOptions().epochs(epochs).batchSize(BATCH_SIZE).seed(seed).verbose(verbose).validationData(test);
        Model withBn = model(true, seed).output(out), plain = model(false, seed).output(out);
        if (verbose > 0) withBn.summary();
        History h1 = withBn.fit(train, options);
        History h2 = plain.fit(train, options);
        double a1 = withBn.evaluate(test, 256).get("accuracy"), a2 = plain.evaluate(test, 256).get("accuracy");
        if (png != null) {
            Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();
            runs.put("with BN", h1.history()); // short: the chart titles each panel "<run>: <series>"
            runs.put("without BN", h2.history());
            LearningCurves.writeComparison(runs, png);
        }
        return new Result(a1, a2, h1, h2);
    }

    /** {@code myelin resnet [--epochs N] [--seed N] [--backend NAME] [--out DIR]}. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("resnet", args, List.of("epochs", "seed", "backend", "out"));
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        long seed = flags.longValue("seed", 1);
        Path outDir = flags.path("out", null);
        BackendOption.apply(flags, out);
        outDir = outDir != null ? outDir : TrainCommand.freshRunFolder(Path.of("runs"));
        Files.createDirectories(outDir);
        Mnist data = EmbeddedMnist.load();
        out.println("Residual net on MNIST padded to 32x32x3: " + data.train().size() + " training images, "
                + data.test().size() + " held out; Adam(" + LEARNING_RATE + "), batch " + BATCH_SIZE + ", with and without BatchNormalization");
        Path png = outDir.resolve(PNG_FILE);
        Result r = train(data, data.train().size(), data.test().size(), epochs, seed, 1, out, png);
        out.printf(Locale.ROOT, "held-out accuracy with BatchNormalization: %.4f, without: %.4f%n", r.withBatchNorm(), r.without());
        out.println("learning curves, with BatchNormalization above without: " + png);
    }

    /** Runs {@code myelin resnet} with these arguments. */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "resnet";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.main(all);
    }
}
