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
 * A small residual network (issue 21's) on MNIST padded to 32x32 with 3 channels, trained twice,
 * with and without BatchNormalization, so that the learning curves show what batch normalization
 * does. The net: a 3x3 Conv2D stem of 16 filters, then residual blocks of two 3x3 Conv2D whose sum
 * with the block's input goes through relu, then GlobalAveragePooling2D and Dense 10 (logits).
 * With batch normalization every Conv2D has no bias (BatchNormalization's beta takes its place) and
 * is followed by BatchNormalization; without, the Conv2D layers have their bias.
 */
public final class ResNet {
    /** The example's defaults: 3 epochs of mini-batches of 64, one residual block (the net). */
    public static final int EPOCHS = 3, BATCH_SIZE = 64, BLOCKS = 1;
    /** Adam's learning rate: ten times Keras's default, where BatchNormalization's effect on training shows within a few epochs. */
    public static final double LEARNING_RATE = 1e-2;
    static final String PNG_FILE = "batch-normalization.png";
    private static final int SIDE = 32, CHANNELS = 3, FILTERS = 16;

    private ResNet() {}

    /**
     * The residual net with {@code blocks} residual blocks, with or without BatchNormalization,
     * compiled in Keras's words: Adam(1e-3), sparse categorical cross-entropy (on the softmax of
     * Dense 10, Keras's default {@code from_logits=False}) and accuracy.
     */
    public static Model model(int blocks, boolean batchNorm, long seed, double learningRate) {
        SymbolicTensor in = Input.of(SIDE, SIDE, CHANNELS);
        SymbolicTensor x = new Activation("relu").apply(normalized(conv(in, batchNorm), batchNorm));
        for (int b = 0; b < blocks; b++) {
            SymbolicTensor shortcut = x;
            x = new Activation("relu").apply(normalized(conv(x, batchNorm), batchNorm));
            x = normalized(conv(x, batchNorm), batchNorm);
            x = new Activation("relu").apply(new Add().apply(x, shortcut));
        }
        SymbolicTensor out = new Dense(10).activation("softmax").apply(new GlobalAveragePooling2D().apply(x));
        Model model = new Model(in, out).seed(seed);
        model.compile(new Adam(learningRate), "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    private static SymbolicTensor conv(SymbolicTensor x, boolean batchNorm) {
        return new Conv2D(FILTERS, 3).padding("same").useBias(!batchNorm).apply(x);
    }

    private static SymbolicTensor normalized(SymbolicTensor x, boolean batchNorm) {
        return batchNorm ? new BatchNormalization().apply(x) : x;
    }

    /** MNIST's 28x28 grey digits centred in 32x32 with the grey value in each of 3 channels (NHWC). */
    static Dataset padded(Dataset d) {
        int n = d.size(), pad = (SIDE - 28) / 2;
        float[] src = d.x(), dst = new float[n * SIDE * SIDE * CHANNELS];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    float v = src[(i * 28 + r) * 28 + c];
                    int o = ((i * SIDE + r + pad) * SIDE + c + pad) * CHANNELS;
                    for (int ch = 0; ch < CHANNELS; ch++) dst[o + ch] = v;
                }
            }
        }
        return new Dataset(dst, Shape.of(SIDE, SIDE, CHANNELS), d.y(), d.labelShape());
    }

    /** One run: its history (with {@code val_} series on the held-out images) and its final held-out accuracy. */
    public record Run(History history, double heldOutAccuracy) {}

    /** Both runs, with BatchNormalization and without, on the same data, seeds and schedule. */
    public record Comparison(Run withBatchNorm, Run withoutBatchNorm) {}

    /**
     * Trains the net with and without BatchNormalization on the first {@code trainImages} training
     * images for {@code epochs}, measuring the first {@code heldOutImages} test images after every
     * epoch; writes both runs' learning curves, one row each, to {@code png} when it is not null.
     */
    public static Comparison compare(Mnist data, int trainImages, int heldOutImages, int epochs, int blocks, long seed,
                                     double learningRate, int verbose, PrintStream out, Path png) throws IOException {
        Dataset train = padded(data.train().subset(0, Math.min(trainImages, data.train().size())));
        Dataset test = padded(data.test().subset(0, Math.min(heldOutImages, data.test().size())));
        Run with = run(train, test, epochs, blocks, true, seed, learningRate, verbose, out);
        Run without = run(train, test, epochs, blocks, false, seed, learningRate, verbose, out);
        if (png != null) {
            Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();
            runs.put("with BN", with.history().history());
            runs.put("without BN", without.history().history());
            LearningCurves.writeComparison(runs, png);
        }
        return new Comparison(with, without);
    }

    private static Run run(Dataset train, Dataset test, int epochs, int blocks, boolean batchNorm, long seed,
                           double learningRate, int verbose, PrintStream out) {
        Model model = model(blocks, batchNorm, seed, learningRate);
        if (verbose > 0) {
            out.println();
            out.println(batchNorm ? "With BatchNormalization:" : "Without BatchNormalization:");
            model.output(out).summary();
        }
        History h = model.fit(train, new FitOptions().epochs(epochs).batchSize(BATCH_SIZE).shuffle(true).seed(seed)
                .validationData(test).verbose(verbose));
        List<Double> accuracy = h.history().get("val_accuracy");
        Run r = new Run(h, accuracy.get(accuracy.size() - 1));
        model.release();
        return r;
    }

    /** {@code myelin resnet [--epochs N] [--blocks N] [--seed N] [--backend NAME] [--out DIR]}. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("resnet", args, List.of("epochs", "blocks", "seed", "backend", "out"));
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        int blocks = flags.positiveInt("blocks", BLOCKS, 1);
        long seed = flags.longValue("seed", 1);
        Path outDir = flags.path("out", null);
        BackendOption.apply(flags, out);
        outDir = outDir != null ? outDir : TrainCommand.freshRunFolder(Path.of("runs"));
        Files.createDirectories(outDir);
        Mnist data = EmbeddedMnist.load();
        out.println("Residual net (" + blocks + " block" + (blocks == 1 ? "" : "s") + ") on MNIST padded to 32x32x3: "
                + data.train().size() + " training images, " + data.test().size() + " held out; Adam(" + LEARNING_RATE
                + "), batch " + BATCH_SIZE + "; trained with BatchNormalization, then without");
        Path png = outDir.resolve(PNG_FILE);
        Comparison c = compare(data, data.train().size(), data.test().size(), epochs, blocks, seed, LEARNING_RATE, 1, out, png);
        out.println();
        out.printf(Locale.ROOT, "held-out accuracy after %d epochs: %.4f with BatchNormalization, %.4f without%n",
                epochs, c.withBatchNorm().heldOutAccuracy(), c.withoutBatchNorm().heldOutAccuracy());
        out.printf(Locale.ROOT, "held-out accuracy after epoch 1:  %.4f with, %.4f without%n",
                c.withBatchNorm().history().history().get("val_accuracy").get(0),
                c.withoutBatchNorm().history().history().get("val_accuracy").get(0));
        out.println("learning curves, with above without: " + png);
    }

    /** Runs {@code myelin resnet} with these arguments. */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "resnet";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.main(all);
    }
}
