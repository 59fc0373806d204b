package dev.myelin.examples;

import dev.myelin.charts.ImageGrid;
import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Conv2DTranspose;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A convolutional autoencoder on MNIST (keras.io's "Convolutional autoencoder for image denoising",
 * without the noise): an encoder of two Conv2D + MaxPooling2D stages squeezes a 28x28 digit to
 * 7x7x8 = 392 values, and two strided Conv2DTranspose stages and a sigmoid Conv2D draw it back.
 * Trained on pixel intensities in [0, 1] with binary cross-entropy (the images are their own
 * targets) and Adam; measured by the mean squared error of held-out reconstructions.
 */
public final class Autoencoder {
    /** The example's defaults: 5 epochs of mini-batches of 32; {@value #SHOWN} digits in the PNG. */
    public static final int EPOCHS = 5, BATCH_SIZE = 32, SHOWN = 10;
    /** Adam's learning rate (Keras's default). */
    public static final float LEARNING_RATE = 1e-3f;
    static final String PNG_FILE = "reconstructions.png";

    private Autoencoder() {}

    /** The autoencoder: 3,217 parameters, as Keras counts them. */
    public static Sequential model(long seed) {
        Sequential m = new Sequential(new Input(28, 28, 1),
                new Conv2D(16, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2DTranspose(8, 3).strides(2).padding("same").activation("relu"),
                new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu"),
                new Conv2D(1, 3).padding("same").activation("sigmoid")).seed(seed);
        m.compile(new Adam(LEARNING_RATE), new BinaryCrossentropy());
        return m;
    }

    /** Images as their own targets. */
    static Dataset selfSupervised(Dataset images) {
        return new Dataset(images.x(), images.sampleShape(), images.x(), images.sampleShape());
    }

    /** Held-out reconstruction error, with the error of always drawing the training set's mean image for scale. */
    public record Result(double heldOutMse, double meanImageMse) {}

    /**
     * Trains on the first {@code trainImages} training images for {@code epochs}, then measures the
     * first {@code heldOutImages} test images; writes originals above reconstructions to {@code png}
     * when it is not null.
     */
    public static Result train(Mnist data, int trainImages, int heldOutImages, int epochs, long seed, int verbose, Path png)
            throws IOException {
        Dataset train = data.train().subset(0, Math.min(trainImages, data.train().size()));
        Dataset test = data.test().subset(0, Math.min(heldOutImages, data.test().size()));
        Sequential model = model(seed);
        if (verbose > 0) model.summary();
        model.fit(selfSupervised(train), new FitOptions().epochs(epochs).batchSize(BATCH_SIZE).shuffle(true).seed(seed).verbose(verbose));
        float[] reconstructed = model.predict(test.x(), test.sampleShape(), 256);
        double mse = meanSquaredError(test.x(), reconstructed);
        float[] mean = meanImage(train);
        double baseline = 0;
        for (int i = 0; i < test.x().length; i++) baseline += Math.pow(test.x()[i] - mean[i % mean.length], 2);
        if (png != null) writeGrid(test.x(), reconstructed, png);
        return new Result(mse, baseline / test.x().length);
    }

    static double meanSquaredError(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.pow(a[i] - b[i], 2);
        return s / a.length;
    }

    private static float[] meanImage(Dataset d) {
        int pixels = d.sampleShape().sizeAsInt();
        double[] sum = new double[pixels];
        for (int i = 0; i < d.x().length; i++) sum[i % pixels] += d.x()[i];
        float[] mean = new float[pixels];
        for (int p = 0; p < pixels; p++) mean[p] = (float) (sum[p] / d.size());
        return mean;
    }

    /** The first {@link #SHOWN} originals in one row, their reconstructions in the row below. */
    static void writeGrid(float[] originals, float[] reconstructed, Path png) throws IOException {
        int pixels = 28 * 28, shown = Math.min(SHOWN, originals.length / pixels);
        float[][] images = new float[2 * shown][];
        for (int i = 0; i < shown; i++) {
            images[i] = java.util.Arrays.copyOfRange(originals, i * pixels, (i + 1) * pixels);
            images[shown + i] = java.util.Arrays.copyOfRange(reconstructed, i * pixels, (i + 1) * pixels);
        }
        ImageGrid.write(images, 28, 28, shown, 3, png);
    }

    /** {@code myelin autoencoder [--epochs N] [--seed N] [--backend NAME] [--out DIR]}. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("autoencoder", args, List.of("epochs", "seed", "backend", "out"));
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        long seed = flags.longValue("seed", 1);
        Path outDir = flags.path("out", null);
        BackendOption.apply(flags, out);
        outDir = outDir != null ? outDir : TrainCommand.freshRunFolder(Path.of("runs"));
        Files.createDirectories(outDir);
        Mnist data = EmbeddedMnist.load();
        out.println("Convolutional autoencoder on MNIST: " + data.train().size() + " training images, "
                + data.test().size() + " held out; binary cross-entropy, Adam(" + LEARNING_RATE + "), batch " + BATCH_SIZE);
        Path png = outDir.resolve(PNG_FILE);
        Result r = train(data, data.train().size(), data.test().size(), epochs, seed, 1, png);
        out.printf(Locale.ROOT, "held-out reconstruction MSE: %.5f (drawing the mean training image: %.5f)%n",
                r.heldOutMse(), r.meanImageMse());
        out.println("originals above reconstructions: " + png);
    }

    /** Runs {@code myelin autoencoder} with these arguments. */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "autoencoder";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.main(all);
    }
}
