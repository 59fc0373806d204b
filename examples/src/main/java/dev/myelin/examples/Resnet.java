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
import dev.myelin.optimizers.schedules.CosineDecay;
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
 * A residual net on MNIST padded to 32x32 with 3 channels, trained with and without
 * BatchNormalization: Conv2D 16 3x3 same, BN, relu; a block of Conv2D, BN, relu, Conv2D, BN whose
 * output is added to its input; relu; GlobalAveragePooling2D; Dense 10 (5,402 parameters with BN, 96
 * of them BN's moving statistics). Without BN the convolutions get their biases back (5,258
 * parameters). Both train with Adam at the same learning rate, decayed to 0 along a cosine over the
 * run (Keras's {@code CosineDecay}), on the same images in the same order; their learning curves
 * are drawn side by side in one PNG, on shared scales.
 *
 * <p>The decay is what lets inference see BN's real effect. BN's moving averages (Keras's momentum
 * 0.99) follow the batch statistics with a lag of about 100 steps; while a high learning rate still
 * moves the weights fast, the averages describe weights of 100 steps ago, and the net normalizes
 * held-out images with stale statistics (its validation curve trails its training curve). As the
 * steps shrink the averages catch up, and the held-out accuracy shows what BN bought in training.
 */
public final class Resnet {
    /** The example's defaults: 3 epochs of mini-batches of 32. */
    public static final int EPOCHS = 3, BATCH_SIZE = 32;
    /** Adam's learning rate at the start, before the cosine decay. */
    public static final double LEARNING_RATE = 1e-2;
    static final String PNG_FILE = "batchnorm.png";

    private Resnet() {}

    /** The residual net, with BatchNormalization after each convolution or (false) without it; not compiled. */
    public static Model model(boolean batchNorm, long seed) {
        SymbolicTensor in = Input.of("image", 32, 32, 3);
        SymbolicTensor x = convolution(in, batchNorm);
        SymbolicTensor block = new Activation("relu").apply(x);
        x = new Activation("relu").apply(convolution(block, batchNorm));
        x = convolution(x, batchNorm);
        x = new Activation("relu").apply(new Add().apply(x, block));
        SymbolicTensor out = new Dense(10).apply(new GlobalAveragePooling2D().apply(x));
        return new Model(in, out).named(batchNorm ? "resnet_bn" : "resnet_plain").seed(seed);
    }

    /** Adam from {@code learningRate} down to 0 along a cosine over {@code steps} (Keras's CosineDecay). */
    static Adam optimizer(double learningRate, int steps) {
        return new Adam(new CosineDecay(learningRate, steps));
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
     * A run: the first {@code trainImages} training images for {@code epochs} in batches of
     * {@link #BATCH_SIZE}, Adam from {@code learningRate} with cosine decay, validated on the first
     * {@code heldOutImages} test images after each epoch.
     */
    public record Settings(int trainImages, int heldOutImages, int epochs, double learningRate, long seed) {
        /** The example's defaults on all of {@code data}. */
        public static Settings defaults(Mnist data) {
            return new Settings(data.train().size(), data.test().size(), EPOCHS, LEARNING_RATE, 1);
        }
    }

    /** Trains both nets as {@code settings} say; writes both learning curves to {@code png} when it is not null. */
    public static Result train(Mnist data, Settings settings, int verbose, PrintStream out, Path png) throws IOException {
        Dataset train = padded(data.train().subset(0, Math.min(settings.trainImages(), data.train().size())));
        Dataset test = padded(data.test().subset(0, Math.min(settings.heldOutImages(), data.test().size())));
        int steps = settings.epochs() * ((train.size() + BATCH_SIZE - 1) / BATCH_SIZE);
        FitOptions options = new FitOptions().epochs(settings.epochs()).batchSize(BATCH_SIZE).seed(settings.seed())
                .verbose(verbose).validationData(test);
        Model[] nets = {model(true, settings.seed()), model(false, settings.seed())};
        History[] histories = new History[2];
        double[] accuracy = new double[2];
        for (int i = 0; i < 2; i++) {
            Model m = nets[i].output(out);
            m.compile(optimizer(settings.learningRate(), steps), new SparseCategoricalCrossentropy(true), "accuracy");
            if (verbose > 0) {
                out.println(i == 0 ? "With BatchNormalization:" : "Without BatchNormalization:");
                if (i == 0) m.summary();
            }
            histories[i] = m.fit(train, options);
            accuracy[i] = m.evaluate(test, 256).get("accuracy");
        }
        if (png != null) {
            Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();
            runs.put("with BN", histories[0].history()); // short: the chart titles each panel "<run>: <series>"
            runs.put("without BN", histories[1].history());
            LearningCurves.writeSideBySide(runs, png);
        }
        return new Result(accuracy[0], accuracy[1], histories[0], histories[1]);
    }

    /** {@code myelin resnet [--epochs N] [--learning-rate R] [--seed N] [--backend NAME] [--out DIR]}. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("resnet", args, List.of("epochs", "learning-rate", "seed", "backend", "out"));
        Mnist data = EmbeddedMnist.load();
        Settings defaults = Settings.defaults(data);
        Settings settings = new Settings(defaults.trainImages(), defaults.heldOutImages(), flags.positiveInt("epochs", EPOCHS, 1),
                flags.positiveDouble("learning-rate", LEARNING_RATE), flags.longValue("seed", 1));
        Path outDir = flags.path("out", null);
        BackendOption.apply(flags, out);
        outDir = outDir != null ? outDir : TrainCommand.freshRunFolder(Path.of("runs"));
        Files.createDirectories(outDir);
        out.printf(Locale.ROOT, "Residual net on MNIST padded to 32x32x3: %d training images, %d held out; %d epochs of batches of %d, "
                        + "Adam(%s) with cosine decay to 0; with and without BatchNormalization%n",
                settings.trainImages(), settings.heldOutImages(), settings.epochs(), BATCH_SIZE, settings.learningRate());
        Path png = outDir.resolve(PNG_FILE);
        long start = System.nanoTime();
        Result r = train(data, settings, 1, out, png);
        out.printf(Locale.ROOT, "held-out accuracy with BatchNormalization: %.4f, without: %.4f (%.0f s)%n", r.withBatchNorm(), r.without(),
                (System.nanoTime() - start) / 1e9);
        out.println("learning curves, with BatchNormalization left of without: " + png);
    }

    /** Runs {@code myelin resnet} with these arguments. */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "resnet";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.main(all);
    }
}
