package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Function approximation with Gaussian activations, as the course notes build a network of bumps:
 * one hidden layer of 32 units {@code exp(-(w x + b)^2)}, each a bump placed and scaled by its
 * weights, summed by a linear output. The target is {@code f(x) = sin(2x) + x / 2} on [-3, 3]: 400
 * random training points, and the fit is measured on 601 evenly spaced points.
 */
public final class FunctionApproximation {
    public static final double FROM = -3, TO = 3;
    public static final int POINTS = 400, EPOCHS = 300, UNITS = 32;

    private FunctionApproximation() {}

    /** The function approximated. */
    public static double f(double x) {
        return Math.sin(2 * x) + x / 2;
    }

    /** {@code count} points uniform in [FROM, TO] with their {@code f}. */
    static Dataset samples(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[count][1];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            x[i][0] = (float) (FROM + (TO - FROM) * r.nextDouble());
            y[i] = (float) f(x[i][0]);
        }
        return Dataset.of(x, y);
    }

    /** The fit's mean squared error on the grid, the variance of f there (what predicting its mean scores), and the history. */
    public record Result(History history, double gridMse, double variance) {}

    /** Trains the Gaussian network on {@code f} and measures it on an even grid. */
    public static Result train(long seed, int epochs, int verbose, PrintStream out) {
        Sequential model = new Sequential(new Input(1), new Dense(UNITS).activation("gaussian"), new Dense(1)).seed(seed).output(out);
        model.compile(new Adam(0.01), new MeanSquaredError());
        if (verbose > 0) model.summary();
        History h = model.fit(samples(POINTS, seed), new FitOptions().epochs(epochs).seed(seed).verbose(verbose));
        int n = 601;
        float[][] grid = new float[n][1];
        for (int i = 0; i < n; i++) grid[i][0] = (float) (FROM + (TO - FROM) * i / (n - 1));
        float[][] guess = model.predict(grid);
        double mse = 0, mean = 0, var = 0;
        for (float[] g : grid) mean += f(g[0]) / n;
        for (int i = 0; i < n; i++) {
            double t = f(grid[i][0]);
            mse += (guess[i][0] - t) * (guess[i][0] - t) / n;
            var += (t - mean) * (t - mean) / n;
        }
        return new Result(h, mse, var);
    }

    /** {@code myelin function [--seed N] [--epochs N] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) {
        Flags flags = Flags.parse("function", args, List.of("seed", "epochs", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        BackendOption.apply(flags, out);
        out.println("Function approximation: f(x) = sin(2x) + x/2 on [-3, 3], Dense " + UNITS + " gaussian, Dense 1, Adam(0.01)");
        Result r = train(seed, epochs, 0, out);
        List<Double> loss = r.history().history().get("loss");
        out.printf(Locale.ROOT, "training loss: %.5f after epoch 1, %.5f after epoch %d%n", loss.get(0), loss.get(loss.size() - 1), loss.size());
        out.printf(Locale.ROOT, "mean squared error on 601 evenly spaced points: %.5f (f's variance there: %.3f)%n", r.gridMse(), r.variance());
    }

    /** Runs {@code myelin function} with these arguments. */
    public static void main(String[] args) {
        Main.main(Labs.prepend("function", args));
    }
}
