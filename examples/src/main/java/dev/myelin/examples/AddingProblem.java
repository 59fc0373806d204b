package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GRU;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.Layer;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The adding problem (Hochreiter and Schmidhuber, 1997, experiment 4): a sequence of
 * {@code (value, marker)} pairs, values uniform in [0, 1], two of the markers 1 (one in the first
 * half, one in the second), the rest 0; the target is the sum of the two marked values. Predicting
 * the mean (1) scores a mean squared error of 1/6 (about 0.17, the variance of a sum of two
 * uniforms), so only a network that carries the first marked value across the sequence gets far
 * below it. An LSTM and a GRU, each followed by Dense(1), learn it.
 */
public final class AddingProblem {
    /** The example's settings: sequences of 50 steps. */
    public static final int STEPS = 50, TRAINING = 8000, TEST = 1000, UNITS = 32, EPOCHS = 10, BATCH_SIZE = 64;
    /** Adam's learning rate. */
    public static final float LEARNING_RATE = 0.01f;

    private AddingProblem() {}

    /** {@code count} sequences of {@code steps} (value, marker) pairs with their sums, from {@code seed}. */
    public static Dataset sequences(int count, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[count * steps * 2], y = new float[count];
        for (int i = 0; i < count; i++) {
            int first = r.nextInt(steps / 2), second = steps / 2 + r.nextInt(steps - steps / 2);
            for (int t = 0; t < steps; t++) {
                float v = (float) r.nextDouble();
                x[(i * steps + t) * 2] = v;
                if (t == first || t == second) {
                    x[(i * steps + t) * 2 + 1] = 1f;
                    y[i] += v;
                }
            }
        }
        return new Dataset(x, Shape.of(steps, 2), y, Shape.of(1));
    }

    /** Recurrent layer (LSTM or GRU) of {@code units}, then Dense(1); mean squared error, Adam. */
    public static Sequential model(String cell, int steps, int units, long seed) {
        Layer recurrent = switch (cell) {
            case "lstm" -> new LSTM(units);
            case "gru" -> new GRU(units);
            default -> throw new IllegalArgumentException("cell must be lstm or gru, not " + cell);
        };
        Sequential m = new Sequential(new Input(steps, 2), recurrent, new Dense(1)).seed(seed);
        m.compile(new Adam(LEARNING_RATE), new MeanSquaredError());
        return m;
    }

    /** Test mean squared error after training, and that of predicting the training targets' mean. */
    public record Result(String cell, double testMse, double meanBaselineMse, double seconds) {}

    /** Trains one cell and measures it on held-out sequences. */
    public static Result train(String cell, int steps, int training, int epochs, long seed, int verbose) {
        return train(cell, steps, training, epochs, BATCH_SIZE, seed, verbose);
    }

    /** Trains one cell with mini-batches of {@code batchSize} and measures it on held-out sequences. */
    public static Result train(String cell, int steps, int training, int epochs, int batchSize, long seed, int verbose) {
        Dataset train = sequences(training, steps, seed), test = sequences(TEST, steps, seed + 1);
        Sequential model = model(cell, steps, UNITS, seed);
        if (verbose > 0) model.summary();
        long start = System.nanoTime();
        model.fit(train, new FitOptions().epochs(epochs).batchSize(batchSize).shuffle(true).seed(seed).verbose(verbose));
        double seconds = (System.nanoTime() - start) / 1e9;
        double mean = 0;
        for (float v : train.y()) mean += v;
        mean /= train.size();
        double baseline = 0;
        for (float v : test.y()) baseline += (v - mean) * (v - mean);
        return new Result(cell, model.evaluate(test, 256).get("loss"), baseline / test.size(), seconds);
    }

    /** {@code myelin sequence [--cell lstm|gru|both] [--epochs N] [--seed N] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) {
        Flags flags = Flags.parse("sequence", args, List.of("cell", "epochs", "seed", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        String which = flags.string("cell", "both");
        BackendOption.apply(flags, out);
        out.println("The adding problem: " + TRAINING + " training and " + TEST + " test sequences of " + STEPS
                + " (value, marker) pairs; target: the sum of the two marked values");
        for (String cell : which.equals("both") ? List.of("lstm", "gru") : List.of(which)) {
            Result r = train(cell, STEPS, TRAINING, epochs, seed, 1);
            out.printf(Locale.ROOT, "%s(%d): test MSE %.4f (predicting the mean: %.4f), trained in %.1f s%n",
                    cell.toUpperCase(Locale.ROOT), UNITS, r.testMse(), r.meanBaselineMse(), r.seconds());
        }
    }
}
