package dev.myelin.benchmarks;

import dev.myelin.data.Dataset;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What fit's divergence check costs per LeNet training step: {@code fit} on 1,024 random 28x28 images
 * in batches of 64, with the check off, at its default interval (a loss read every 16 batches) and
 * at every batch, alternated over rounds so that a busy host slows all three alike. Prints the median
 * milliseconds per step of each. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.myelin.benchmarks.DivergenceCheckCost [rounds]} with the engine's JVM flags.
 */
public final class DivergenceCheckCost {
    private DivergenceCheckCost() {}

    /** Runs the comparison; {@code args[0]} is the number of measured rounds (default 5). */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = 1024, batch = 64, epochs = 2;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[n * 28 * 28];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        Dataset data = new Dataset(x, Shape.of(28, 28, 1), y, Shape.SCALAR);
        String[] names = {"off", "every 16 (default)", "every batch"};
        double[][] ms = new double[names.length][rounds];
        for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up
            for (int v = 0; v < names.length; v++) {
                FitOptions o = new FitOptions().epochs(epochs).batchSize(batch).verbose(0).seed(1);
                if (v == 0) o.stopOnDivergence(false);
                if (v == 2) o.divergenceCheckSteps(1);
                Sequential m = Models.lenet();
                m.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                m.compile(new SparseCategoricalCrossentropy(true), new Adam(1e-3f));
                m.fit(data.subset(0, batch), new FitOptions().epochs(1).batchSize(batch).verbose(0)); // build, first allocations
                long t0 = System.nanoTime();
                m.fit(data, o);
                double perStep = (System.nanoTime() - t0) / 1e6 / (epochs * (n / batch));
                if (round >= 0) ms[v][round] = perStep;
                m.release();
            }
        }
        for (int v = 0; v < names.length; v++) {
            double[] s = ms[v].clone();
            java.util.Arrays.sort(s);
            System.out.printf(Locale.ROOT, "divergence check %-20s median %.2f ms/step (rounds: %s)%n", names[v], s[s.length / 2],
                    java.util.Arrays.toString(ms[v]).replaceAll("(\\.\\d\\d)\\d+", "$1"));
        }
    }
}
