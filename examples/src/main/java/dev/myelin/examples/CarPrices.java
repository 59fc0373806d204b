package dev.myelin.examples;

import dev.myelin.data.CsvTable;
import dev.myelin.data.Dataset;
import dev.myelin.data.TrainTestSplit;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.layers.Normalization;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The car-price regression of the course notes, on used Toyota Corollas described by the notes'
 * seven columns, from a CSV file this lab writes with a known formula (so the error a perfect
 * model would make is known):
 * <pre>
 * Age      months, uniform integer 1..80
 * KM       Age * 1500 * u(0.5, 1.5) + u(0, 5000), rounded
 * HP       one of 69, 72, 86, 90, 97, 107, 110, 116, 192
 * MetColor 1 with probability 0.68 (metallic paint)
 * CC       one of 1300, 1400, 1600, 1800, 2000
 * Doors    one of 2, 3, 4, 5
 * Weight   1000 + 0.1 (CC - 1300) + 15 Doors + u(0, 80), rounded
 * Price    18000 exp(-Age / 60) + 6000 - 0.02 KM + 10 (Weight - 1100) + 30 (HP - 100)
 *          + 200 MetColor + 60 (Doors - 4) + noise, noise ~ N(0, 600), rounded to whole euros
 * </pre>
 * A model that found the formula exactly would still miss by the noise: a mean absolute error of
 * 600 * sqrt(2 / pi) = 479 euros. The lab reads the file with {@link CsvTable}, splits it 80/20 with
 * {@link TrainTestSplit}, standardizes the features with a {@link Normalization} layer adapted to the
 * training rows, and trains Dense 64 relu, Dense 32 relu, Dense 1
 * on prices in thousands of euros with mean squared error and Adam(1e-3); it reports the test MAE in euros.
 */
public final class CarPrices {
    public static final List<String> FEATURES = List.of("Age", "KM", "Weight", "HP", "MetColor", "CC", "Doors");
    public static final double NOISE = 600;
    public static final int CARS = 1000, EPOCHS = 100;

    private CarPrices() {}

    /** The price the formula gives before noise (see the class comment). */
    static double price(double age, double km, double weight, double hp, double metColor, double doors) {
        return 18000 * Math.exp(-age / 60) + 6000 - 0.02 * km + 10 * (weight - 1100) + 30 * (hp - 100) + 200 * metColor + 60 * (doors - 4);
    }

    /** Writes {@code cars} rows of Price and the seven features to {@code file}, from {@code seed}. */
    public static void writeCsv(Path file, int cars, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        int[] hps = {69, 72, 86, 90, 97, 107, 110, 116, 192}, ccs = {1300, 1400, 1600, 1800, 2000};
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("Price," + String.join(",", FEATURES) + "\n");
            for (int i = 0; i < cars; i++) {
                int age = r.nextInt(1, 81);
                long km = Math.round(age * 1500 * (0.5 + r.nextDouble()) + r.nextDouble() * 5000);
                int hp = hps[r.nextInt(hps.length)], metColor = r.nextDouble() < 0.68 ? 1 : 0;
                int cc = ccs[r.nextInt(ccs.length)], doors = r.nextInt(2, 6);
                long weight = Math.round(1000 + 0.1 * (cc - 1300) + 15 * doors + r.nextDouble() * 80);
                long price = Math.round(price(age, km, weight, hp, metColor, doors) + NOISE * gaussian(r));
                w.write(price + "," + age + "," + km + "," + weight + "," + hp + "," + metColor + "," + cc + "," + doors + "\n");
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian of its own on every JDK this runs on.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Test MAE in euros, the MAE of always guessing the training mean, and the history. */
    public record Result(History history, double testMae, double meanGuessMae) {}

    /** Reads the CSV, trains, and measures on the held-out 20%. */
    public static Result train(Path csv, long seed, int epochs, int verbose, PrintStream out) throws IOException {
        CsvTable table = CsvTable.read(csv);
        float[][] x = table.features(FEATURES.toArray(String[]::new));
        float[] price = table.numeric("Price");
        TrainTestSplit split = TrainTestSplit.of(x, price, 0.2, seed);
        float[] yTrain = split.yTrain().clone();
        for (int i = 0; i < yTrain.length; i++) yTrain[i] /= 1000; // thousands of euros: targets near 1 train well
        Dataset train = Dataset.of(split.xTrain(), yTrain);
        // Keras's Normalization layer, adapted to the training rows: each feature to mean 0, variance 1
        Sequential model = new Sequential(new Input(FEATURES.size()), new Normalization().adapt(train), new Dense(64).activation("relu"),
                new Dense(32).activation("relu"), new Dense(1)).seed(seed).output(out);
        model.compile(new Adam(1e-3), new MeanSquaredError(), "mae"); // the history shows the MAE in thousands of euros
        if (verbose > 0) model.summary();
        History h = model.fit(train, new FitOptions().epochs(epochs).seed(seed).verbose(verbose));
        float[][] guess = model.predict(split.xTest());
        double mean = 0;
        for (float v : split.yTrain()) mean += v / split.yTrain().length;
        double mae = 0, meanMae = 0;
        for (int i = 0; i < guess.length; i++) {
            mae += Math.abs(guess[i][0] * 1000 - split.yTest()[i]) / guess.length;
            meanMae += Math.abs(mean - split.yTest()[i]) / guess.length;
        }
        return new Result(h, mae, meanMae);
    }

    /** {@code myelin cars [--csv FILE] [--seed N] [--epochs N] [--backend NAME]}: writes the CSV unless given one. */
    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("cars", args, List.of("csv", "seed", "epochs", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        BackendOption.apply(flags, out);
        Path csv = flags.path("csv", null);
        if (csv == null) {
            csv = Files.createTempDirectory("myelin-cars").resolve("cars.csv");
            writeCsv(csv, CARS, seed);
            out.println("wrote " + CARS + " cars to " + csv + " (the formula is in CarPrices's documentation)");
        }
        Result r = train(csv, seed, epochs, 2, out);
        out.printf(Locale.ROOT, "test mean absolute error: %.0f euros (the noise alone gives %.0f; guessing the mean price gives %.0f)%n",
                r.testMae(), NOISE * Math.sqrt(2 / Math.PI), r.meanGuessMae());
    }

    /** Runs {@code myelin cars} with these arguments. */
    public static void main(String[] args) {
        Main.main(Labs.prepend("cars", args));
    }
}
