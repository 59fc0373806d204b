package dev.myelin.examples;

import dev.myelin.model.Sequential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code myelin evaluate --model FILE}: the test loss and accuracy of a saved model. */
final class EvaluateCommand {
    static final List<String> FLAGS = List.of("model", "data", "batch-size", "backend");

    private EvaluateCommand() {}

    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("evaluate", args, FLAGS);
        Path file = Path.of(flags.required("model"));
        int batchSize = flags.positiveInt("batch-size", TrainCommand.DEFAULT_BATCH_SIZE, 1);
        BackendOption.apply(flags, out);
        Data data = Data.load(flags);
        Sequential model = SavedModel.load(file);
        out.println("Data: " + data.description());
        Map<String, Double> test = model.evaluate(data.mnist().test(), batchSize);
        for (Map.Entry<String, Double> m : test.entrySet()) {
            out.printf(Locale.ROOT, "test %s: %.4f%n", m.getKey(), m.getValue());
        }
    }
}
