package dev.myelin.examples;

import dev.myelin.data.Argmax;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The medication-trial lab of deeplizard's Keras course: an experimental drug tried on 2,100
 * people aged 13 to 100, half under 65 and half 65 or older; about 95% of the older ones had side
 * effects and about 95% of the younger ones did not. Ages are scaled to [0, 1] (scikit-learn's
 * {@code MinMaxScaler}), the data shuffled, and a Dense 16 relu, Dense 32 relu, Dense 2 softmax
 * network trained with Adam(1e-4) and sparse categorical cross-entropy, {@code validationSplit(0.1)},
 * batches of 10, shuffling each epoch, 30 epochs. A fresh trial of 420 people is the test set.
 */
public final class MedicationTrial {
    public static final int MIN_AGE = 13, MAX_AGE = 100, OLD = 65;
    public static final int EPOCHS = 30, BATCH_SIZE = 10;

    private MedicationTrial() {}

    /**
     * {@code 2 * (rare + common)} people as the course makes them: for each of {@code rare} rounds a
     * young person with side effects (label 1) and an old one without (0); for each of {@code common}
     * rounds a young one without and an old one with. Ages are uniform integers in their range.
     */
    public static Dataset trial(int rare, int common, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 2 * (rare + common);
        float[][] x = new float[n][];
        float[] y = new float[n];
        int i = 0;
        for (int k = 0; k < rare; k++) {
            x[i] = new float[] {r.nextInt(MIN_AGE, OLD)};
            y[i++] = 1;
            x[i] = new float[] {r.nextInt(OLD, MAX_AGE + 1)};
            y[i++] = 0;
        }
        for (int k = 0; k < common; k++) {
            x[i] = new float[] {r.nextInt(MIN_AGE, OLD)};
            y[i++] = 0;
            x[i] = new float[] {r.nextInt(OLD, MAX_AGE + 1)};
            y[i++] = 1;
        }
        return Dataset.of(x, y);
    }

    /** Ages scaled to [0, 1] by the training set's range ({@code MinMaxScaler}), samples in a seeded random order. */
    static Dataset scaledAndShuffled(Dataset d, float min, float max, long seed) {
        int[] order = new int[d.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (seed != 0) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        float[] x = new float[d.size()], y = new float[d.size()];
        for (int i = 0; i < order.length; i++) {
            x[i] = (d.x()[order[i]] - min) / (max - min);
            y[i] = d.y()[order[i]];
        }
        return new Dataset(x, d.sampleShape(), y, d.labelShape());
    }

    /** The course's network: 1 input, Dense 16 relu, Dense 32 relu, Dense 2 softmax. */
    public static Sequential model(long seed) {
        Sequential m = new Sequential(new Input(1), new Dense(16).activation("relu"), new Dense(32).activation("relu"),
                new Dense(2).activation("softmax")).seed(seed);
        m.compile(new Adam(1e-4), new SparseCategoricalCrossentropy(), "accuracy");
        return m;
    }

    /** The last epoch's accuracies, the test accuracy and the test confusion matrix ({@code [actual][predicted]}). */
    public record Result(History history, double testAccuracy, int[][] confusion) {
        double last(String key) {
            List<Double> v = history.history().get(key);
            return v.get(v.size() - 1);
        }
    }

    /** Generates the trial from {@code seed}, trains as the course does, and tests on a fresh trial. */
    public static Result train(long seed, int epochs, int verbose, PrintStream out) {
        Dataset raw = trial(50, 1000, seed), rawTest = trial(10, 200, seed + 1);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float a : raw.x()) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        Dataset train = scaledAndShuffled(raw, min, max, seed + 2), test = scaledAndShuffled(rawTest, min, max, 0);
        Sequential model = model(seed).output(out);
        if (verbose > 0) model.summary();
        History h = model.fit(train, new FitOptions().validationSplit(0.1).batchSize(BATCH_SIZE).epochs(epochs)
                .shuffle(true).seed(seed).verbose(verbose));
        float[] p = model.predict(test, 64);
        int[] predicted = Argmax.argmax(p, 2);
        int[][] confusion = new int[2][2];
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            int actual = (int) test.y()[i];
            confusion[actual][predicted[i]]++;
            if (actual == predicted[i]) right++;
        }
        return new Result(h, right / (double) predicted.length, confusion);
    }

    /** {@code myelin medication [--seed N] [--epochs N] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) {
        Flags flags = Flags.parse("medication", args, List.of("seed", "epochs", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        BackendOption.apply(flags, out);
        out.println("Medication trial: 2,100 people aged 13-100, ~95% of those 65+ with side effects and ~95% of the "
                + "younger without; Dense 16 relu, Dense 32 relu, Dense 2 softmax, Adam(1e-4), validation split 0.1");
        Result r = train(seed, epochs, 2, out);
        out.printf(Locale.ROOT, "training accuracy %.4f, validation accuracy %.4f%n", r.last("accuracy"), r.last("val_accuracy"));
        out.printf(Locale.ROOT, "test accuracy on 420 new people: %.4f (the best possible is about 0.95)%n", r.testAccuracy());
        out.println("confusion matrix (rows: actual no side effects / side effects; columns: predicted):");
        out.printf(Locale.ROOT, "  %4d %4d%n  %4d %4d%n", r.confusion()[0][0], r.confusion()[0][1], r.confusion()[1][0], r.confusion()[1][1]);
    }

    /** Runs {@code myelin medication} with these arguments. */
    public static void main(String[] args) {
        Main.main(Labs.prepend("medication", args));
    }
}
