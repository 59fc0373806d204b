package dev.myelin.examples;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.Mnist;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code myelin train}: trains {@link LeNet} on MNIST, reports test accuracy, and writes the model,
 * {@code history.json} and {@code learning-curves.png}. Validation uses the last 10% of the
 * training images (Keras's {@code validation_split=0.1}), so the test images are seen only once,
 * at the end.
 */
final class TrainCommand {
    static final List<String> FLAGS = List.of("data", "epochs", "batch-size", "backend", "out", "seed");
    /** On the embedded subset, 3 epochs reach about 0.98 test accuracy; see README for the timing. */
    static final int DEFAULT_EPOCHS = 3, DEFAULT_BATCH_SIZE = 64;
    static final long DEFAULT_SEED = 42;
    static final double VALIDATION_SPLIT = 0.1;
    static final String MODEL_FILE = "model.myelin", HISTORY_FILE = "history.json", CURVES_FILE = "learning-curves.png";

    private TrainCommand() {}

    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("train", args, FLAGS);
        int epochs = flags.positiveInt("epochs", DEFAULT_EPOCHS, 1);
        int batchSize = flags.positiveInt("batch-size", DEFAULT_BATCH_SIZE, 1);
        long seed = flags.longValue("seed", DEFAULT_SEED);
        Path outDir = flags.path("out", null);

        Backend backend = BackendOption.apply(flags, out);
        Data data = Data.load(flags);
        Mnist mnist = data.mnist();
        out.println("Data: " + data.description());
        outDir = outDir != null ? outDir : freshRunFolder(Path.of("runs"));
        Files.createDirectories(outDir);   // before training: a bad --out fails now, not after minutes

        var sample = mnist.train().sampleShape();
        Sequential model = LeNet.build(sample.dim(0), sample.dim(1), sample.dim(2));
        LeNet.compile(model);
        model.summary();

        History history = model.fit(mnist.train(), new FitOptions()
                .epochs(epochs)
                .batchSize(batchSize)
                .validationSplit(VALIDATION_SPLIT)
                .shuffle(true)
                .seed(seed)
                .verbose(1));
        Map<String, Double> test = model.evaluate(mnist.test(), batchSize);

        Path modelFile = outDir.resolve(MODEL_FILE), historyFile = outDir.resolve(HISTORY_FILE),
                curvesFile = outDir.resolve(CURVES_FILE);
        model.save(modelFile);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", data.description());
        settings.put("epochs", epochs);
        settings.put("batch_size", batchSize);
        settings.put("seed", seed);
        settings.put("validation", "last " + Math.round(VALIDATION_SPLIT * 100) + "% of the training images");
        settings.put("optimizer", "Adam(learning_rate=" + LeNet.LEARNING_RATE + ")");
        settings.put("loss", "SparseCategoricalCrossentropy(from_logits=true)");
        settings.put("flags", flags.asMap());
        HistoryJson.write(new HistoryJson.Run("train", settings, backend.name(), backend.description(),
                Backends.selectionReason(), history.history(), history.epochSeconds(), test), historyFile);
        LearningCurves.write(history.history(), curvesFile);

        out.println("Wrote " + modelFile + ", " + historyFile + ", " + curvesFile);
        out.printf(Locale.ROOT, "test loss: %.4f%n", test.get("loss"));
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", test.get("accuracy"));
    }

    /** {@code runs/2025-01-31_14-05-09}, with a suffix if two runs start in the same second. */
    static Path freshRunFolder(Path parent) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss"));
        Path p = parent.resolve(stamp);
        for (int i = 2; Files.exists(p); i++) p = parent.resolve(stamp + "-" + i);
        return p;
    }
}
