package dev.myelin.examples;

import dev.myelin.data.Argmax;
import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The handwritten-digit labs of the Machine Learning Specialization (course 2, weeks 1 and 2) on
 * 20 x 20 images, as the course's are, cut from the embedded MNIST: MNIST's digits were scaled to
 * fit a 20 x 20 box and centred in 28 x 28, so the central 20 x 20 holds the digit.
 * <ul>
 *   <li>{@code digits01}: zeros against ones, 1,000 training images, Dense 25 sigmoid, Dense 15
 *       sigmoid, Dense 1 sigmoid, binary cross-entropy, Adam(1e-3), 20 epochs;</li>
 *   <li>{@code digits}: all ten digits, 5,000 training images (500 of each), Dense 25 relu, Dense 15
 *       relu, Dense 10 softmax, sparse categorical cross-entropy, Adam(1e-3), 40 epochs.</li>
 * </ul>
 * Both are tested on images the network never saw, from MNIST's test set.
 */
public final class HandwrittenDigits {
    public static final int SIZE = 20;
    public static final int BINARY_EPOCHS = 20, TEN_EPOCHS = 40;

    private HandwrittenDigits() {}

    /** The central 20 x 20 of each 28 x 28 image, flattened to 400 values, of the first {@code perClass} images of each of {@code classes}. */
    public static Dataset crop(Dataset mnist, int[] classes, int perClass) {
        int side = mnist.sampleShape().dim(0), off = (side - SIZE) / 2, pixels = side * side;
        int[] taken = new int[Mnist.CLASSES];
        int[] classIndex = new int[Mnist.CLASSES];
        java.util.Arrays.fill(classIndex, -1);
        for (int i = 0; i < classes.length; i++) classIndex[classes[i]] = i;
        int n = 0;
        float[] x = new float[classes.length * perClass * SIZE * SIZE], y = new float[classes.length * perClass];
        for (int i = 0; i < mnist.size() && n < y.length; i++) {
            int digit = (int) mnist.y()[i];
            if (classIndex[digit] < 0 || taken[digit] >= perClass) continue;
            taken[digit]++;
            for (int r = 0; r < SIZE; r++) {
                System.arraycopy(mnist.x(), i * pixels + (r + off) * side + off, x, (n * SIZE + r) * SIZE, SIZE);
            }
            y[n++] = classIndex[digit];
        }
        if (n < y.length) throw new IllegalStateException("only " + n + " images of digits " + java.util.Arrays.toString(classes) + " in the data");
        return new Dataset(x, Shape.of(SIZE * SIZE), y, Shape.SCALAR);
    }

    /** Training history and test accuracy. */
    public record Result(History history, double trainAccuracy, double testAccuracy, int testImages) {}

    /** Zeros against ones: 500 of each to train, every 0 and 1 of the test subset to test. */
    public static Result binary(Mnist mnist, long seed, int epochs, int verbose, PrintStream out) {
        int[] digits = {0, 1};
        Dataset train = crop(mnist.train(), digits, 500), test = crop(mnist.test(), digits, 150);
        Sequential model = new Sequential(new Input(SIZE * SIZE), new Dense(25).activation("sigmoid"),
                new Dense(15).activation("sigmoid"), new Dense(1).activation("sigmoid")).seed(seed).output(out);
        model.compile(new Adam(1e-3), new BinaryCrossentropy(), "accuracy");
        if (verbose > 0) model.summary();
        History h = model.fit(train, new FitOptions().epochs(epochs).seed(seed).verbose(verbose));
        float[] p = model.predict(test, 256);
        int right = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5f ? 1 : 0) == (int) test.y()[i]) right++;
        return new Result(h, model.evaluate(train, 256).get("accuracy"), right / (double) p.length, p.length);
    }

    /** All ten digits: 500 of each to train, 150 of each from the test subset to test. */
    public static Result ten(Mnist mnist, long seed, int epochs, int verbose, PrintStream out) {
        int[] digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Dataset train = crop(mnist.train(), digits, 500), test = crop(mnist.test(), digits, 150);
        Sequential model = new Sequential(new Input(SIZE * SIZE), new Dense(25).activation("relu"),
                new Dense(15).activation("relu"), new Dense(10).activation("softmax")).seed(seed).output(out);
        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), "accuracy");
        if (verbose > 0) model.summary();
        History h = model.fit(train, new FitOptions().epochs(epochs).seed(seed).verbose(verbose));
        int[] guess = Argmax.argmax(model.predict(test, 256), 10);
        int right = 0;
        for (int i = 0; i < guess.length; i++) if (guess[i] == (int) test.y()[i]) right++;
        return new Result(h, model.evaluate(train, 256).get("accuracy"), right / (double) guess.length, guess.length);
    }

    /** {@code myelin digits01|digits [--seed N] [--epochs N] [--backend NAME]}. */
    static void run(String command, List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse(command, args, List.of("seed", "epochs", "backend"));
        boolean binary = command.equals("digits01");
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", binary ? BINARY_EPOCHS : TEN_EPOCHS, 1);
        BackendOption.apply(flags, out);
        Mnist mnist = EmbeddedMnist.load();
        out.println(binary ? "Handwritten 0 and 1: 20x20 images, Dense 25 sigmoid, Dense 15 sigmoid, Dense 1 sigmoid"
                : "Handwritten digits 0-9: 20x20 images, Dense 25 relu, Dense 15 relu, Dense 10 softmax");
        Result r = binary ? binary(mnist, seed, epochs, 2, out) : ten(mnist, seed, epochs, 2, out);
        out.printf(Locale.ROOT, "training accuracy %.4f%ntest accuracy %.4f on %d images it never saw%n",
                r.trainAccuracy(), r.testAccuracy(), r.testImages());
    }

    /** Runs {@code myelin digits} with these arguments. */
    public static void main(String[] args) {
        Main.main(Labs.prepend("digits", args));
    }
}
