package dev.myelin.examples;

import dev.myelin.callbacks.EarlyStopping;
import dev.myelin.charts.LearningCurves;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Overfitting shown and cured. Twenty noisy samples of {@code sin(2x) + x/2} on [-3, 3] (noise
 * N(0, 0.4^2)) train a network far larger than they warrant (three Dense 128 relu layers, Adam(3e-3),
 * 800 full-batch epochs), which learns the noise: its training loss falls far below the noise's
 * 0.16 while the loss on 400 fresh samples turns back up. Then the same network three more times,
 * with each cure of the course: Keras's {@code "l2"} penalty (0.01) on the kernels, Dropout(0.3)
 * after each hidden layer, and EarlyStopping(patience 50) that keeps the weights of the best
 * validation epoch. The learning curves of the four runs are drawn one row each in one PNG. The
 * validation loss of the L2 run includes its penalty, as Keras reports it; the runs are compared
 * on the plain mean squared error of their final weights.
 */
public final class Overfitting {
    public static final int TRAIN = 20, VALIDATION = 400, EPOCHS = 800, UNITS = 128;
    public static final double NOISE = 0.4;
    public static final List<String> RUNS = List.of("overfitting", "L2(0.01)", "Dropout(0.3)", "EarlyStopping");

    private Overfitting() {}

    static Dataset samples(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[count][1];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            x[i][0] = (float) (-3 + 6 * r.nextDouble());
            double noise = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            y[i] = (float) (FunctionApproximation.f(x[i][0]) + NOISE * noise);
        }
        return Dataset.of(x, y);
    }

    /** The network of run {@code run} (one of {@link #RUNS}). */
    static Sequential model(String run, long seed) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Input(1));
        for (int i = 0; i < 3; i++) {
            Dense d = new Dense(UNITS).activation("relu");
            if (run.startsWith("L2")) d.kernelRegularizer("l2"); // Keras's "l2": factor 0.01
            layers.add(d);
            if (run.startsWith("Dropout")) layers.add(new Dropout(0.3));
        }
        layers.add(new Dense(1));
        Sequential m = new Sequential(layers.toArray(Layer[]::new)).seed(seed);
        m.compile(new Adam(3e-3), new MeanSquaredError(), "mse"); // the plain error beside the loss, which holds the L2 penalty
        return m;
    }

    /** One run: its history, and the validation mean squared error of the weights it ends with. */
    public record Run(History history, double finalValidationMse) {
        /** The lowest validation loss of any epoch. */
        public double bestValidationLoss() {
            return history.history().get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }
    }

    /** Trains the four runs on the same data; returns them by name, in {@link #RUNS}' order. */
    public static Map<String, Run> train(long seed, int epochs, PrintStream out) {
        Dataset train = samples(TRAIN, seed), validation = samples(VALIDATION, seed + 1);
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String name : RUNS) {
            Sequential m = model(name, seed).output(out);
            // one batch of the 20 samples per epoch; the batch size also sets validation's, and one batch of 400 is quicker
            FitOptions options = new FitOptions().epochs(epochs).batchSize(VALIDATION).validationData(validation).seed(seed).verbose(0);
            if (name.equals("EarlyStopping")) options.callbacks(new EarlyStopping().monitor("val_loss").patience(50).restoreBestWeights(true));
            History h = m.fit(train, options);
            float[] guess = m.predict(validation, 400);
            double mse = 0;
            for (int i = 0; i < guess.length; i++) mse += (guess[i] - validation.y()[i]) * (double) (guess[i] - validation.y()[i]) / guess.length;
            runs.put(name, new Run(h, mse));
        }
        return runs;
    }

    /** Draws the runs' curves, one row each. */
    public static void plot(Map<String, Run> runs, Path png) throws IOException {
        Map<String, Map<String, List<Double>>> curves = new LinkedHashMap<>();
        runs.forEach((name, run) -> curves.put(name, run.history().history()));
        LearningCurves.writeComparison(curves, png);
    }

    /** {@code myelin overfitting [--seed N] [--epochs N] [--out DIR] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("overfitting", args, List.of("seed", "epochs", "out", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        BackendOption.apply(flags, out);
        Path dir = flags.path("out", Path.of("runs", "overfitting-" + System.currentTimeMillis()));
        Files.createDirectories(dir);
        out.println("Overfitting: " + TRAIN + " noisy samples of sin(2x) + x/2, three Dense " + UNITS + " relu layers, "
                + epochs + " epochs; validation on " + VALIDATION + " fresh samples (the noise alone gives " + String.format(Locale.ROOT, "%.2f", NOISE * NOISE) + ")");
        Map<String, Run> runs = train(seed, epochs, out);
        runs.forEach((name, r) -> {
            List<Double> loss = r.history().history().get("loss");
            out.printf(Locale.ROOT, "%-14s epochs %3d  training loss %.4f  best validation loss %.4f  validation MSE of the final weights %.4f%n",
                    name, loss.size(), loss.get(loss.size() - 1), r.bestValidationLoss(), r.finalValidationMse());
        });
        Path png = dir.resolve("overfitting.png");
        plot(runs, png);
        out.println("learning curves: " + png);
    }

    /** Runs {@code myelin overfitting} with these arguments. */
    public static void main(String[] args) {
        Main.main(Labs.prepend("overfitting", args));
    }
}
