package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The coffee-roasting lab of the Machine Learning Specialization (course 2, week 1), in Myelin.
 * Roasts are (temperature in °C, duration in minutes); a roast is good inside a triangle-like
 * region. Inputs are normalized as Keras's {@code Normalization} layer does (mean and standard
 * deviation per feature, fitted on the training data); the network is Dense 3 sigmoid, Dense 1
 * sigmoid, trained with binary cross-entropy and Adam (learning rate 0.01). As in the lab, the 200
 * training roasts are repeated ("tiled") so that each epoch takes many small steps.
 */
public final class CoffeeRoasting {
    public static final int TRAINING_ROASTS = 200, HELD_OUT_ROASTS = 1000;
    /** The lab's settings: 200 roasts tiled 1000 times, 10 epochs, Keras's default batch of 32. */
    public static final int LAB_TILES = 1000, LAB_EPOCHS = 10, BATCH_SIZE = 32;
    public static final float LEARNING_RATE = 0.01f;

    private CoffeeRoasting() {}

    /**
     * The lab's {@code load_coffee_data}: temperature uniform in [150, 285] °C, duration uniform in
     * [11.5, 15.5] min; good ({@code 1}) iff {@code 175 < t < 260}, {@code 12 < d < 15} and
     * {@code d <= -3/85 t + 21}.
     */
    public static Dataset roasts(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[count][];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            double t = 150 + r.nextDouble() * (285 - 150), d = 11.5 + r.nextDouble() * 4;
            x[i] = new float[] {(float) t, (float) d};
            y[i] = isGoodRoast(t, d) ? 1 : 0;
        }
        return Dataset.of(x, y);
    }

    static boolean isGoodRoast(double t, double d) {
        return t > 175 && t < 260 && d > 12 && d < 15 && d <= -3.0 / 85 * t + 21;
    }

    /** Per-feature mean and standard deviation (population, as Keras's {@code Normalization.adapt}). */
    public record Normalization(float[] mean, float[] std) {
        public static Normalization adapt(Dataset d) {
            int f = d.sampleShape().sizeAsInt(), n = d.size();
            float[] mean = new float[f], std = new float[f];
            for (int k = 0; k < f; k++) {
                double s = 0, s2 = 0;
                for (int i = 0; i < n; i++) s += d.x()[i * f + k];
                double m = s / n;
                for (int i = 0; i < n; i++) {
                    double c = d.x()[i * f + k] - m;
                    s2 += c * c;
                }
                mean[k] = (float) m;
                std[k] = (float) Math.sqrt(s2 / n);
            }
            return new Normalization(mean, std);
        }

        /** {@code (x - mean) / std}, feature by feature; a constant feature becomes 0. */
        public Dataset apply(Dataset d) {
            int f = mean.length;
            float[] x = d.x().clone();
            for (int i = 0; i < x.length; i++) {
                int k = i % f;
                x[i] = std[k] > 0 ? (x[i] - mean[k]) / std[k] : 0;
            }
            return new Dataset(x, d.sampleShape(), d.y().clone(), d.labelShape());
        }
    }

    /** {@code d} repeated {@code times} times, as the lab's {@code np.tile}. */
    static Dataset tile(Dataset d, int times) {
        float[] x = new float[d.x().length * times], y = new float[d.y().length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(d.x(), 0, x, i * d.x().length, d.x().length);
            System.arraycopy(d.y(), 0, y, i * d.y().length, d.y().length);
        }
        return new Dataset(x, d.sampleShape(), y, d.labelShape());
    }

    public static Sequential model(long seed) {
        Sequential m = new Sequential(
                new Input(2),
                new Dense(3).activation("sigmoid"),
                new Dense(1).activation("sigmoid")).seed(seed);
        m.compile(new Adam(LEARNING_RATE), new BinaryCrossentropy(), "accuracy");
        return m;
    }

    /** Accuracy on training and held-out roasts after training. */
    public record Result(double trainingAccuracy, double heldOutAccuracy, double heldOutGoodFraction) {}

    /** Synthesizes the roasts from {@code seed}, trains, and measures. */
    public static Result train(long seed, int tiles, int epochs, int verbose) {
        Dataset train = roasts(TRAINING_ROASTS, seed), heldOut = roasts(HELD_OUT_ROASTS, seed + 1);
        Normalization norm = Normalization.adapt(train);
        Dataset trainN = norm.apply(train), heldOutN = norm.apply(heldOut);
        Sequential model = model(seed);
        if (verbose > 0) model.summary();
        model.fit(tile(trainN, tiles), new FitOptions().epochs(epochs).batchSize(BATCH_SIZE)
                .shuffle(true).seed(seed).verbose(verbose));
        double good = 0;
        for (float v : heldOut.y()) good += v;
        return new Result(model.evaluate(trainN, 256).get("accuracy"), model.evaluate(heldOutN, 256).get("accuracy"),
                good / heldOut.size());
    }

    /** {@code myelin coffee [--seed N] [--epochs N] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) {
        Flags flags = Flags.parse("coffee", args, List.of("seed", "epochs", "backend"));
        long seed = flags.longValue("seed", 2);
        int epochs = flags.positiveInt("epochs", LAB_EPOCHS, 1);
        BackendOption.apply(flags, out);
        out.println("Coffee roasting: " + TRAINING_ROASTS + " roasts (tiled " + LAB_TILES + " times), "
                + HELD_OUT_ROASTS + " held-out roasts; Dense 3 sigmoid, Dense 1 sigmoid, Adam(" + LEARNING_RATE + ")");
        Result r = train(seed, LAB_TILES, epochs, 1);
        out.printf(Locale.ROOT, "training accuracy: %.4f%n", r.trainingAccuracy());
        out.printf(Locale.ROOT, "held-out good roasts: %.1f%% (always answering 'bad' would score %.4f)%n",
                100 * r.heldOutGoodFraction(), 1 - r.heldOutGoodFraction());
        out.printf(Locale.ROOT, "held-out accuracy: %.4f%n", r.heldOutAccuracy());
    }

    public static void main(String[] args) {
        Main.main(prepend("coffee", args));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
