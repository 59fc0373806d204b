package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.model.FitOptions;
import dev.myelin.model.History;
import dev.myelin.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The LeNet of {@code myelin train}, trained briefly on part of the embedded MNIST subset, then
 * saved and used through the {@code evaluate} and {@code predict} commands.
 */
class MnistEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void leNetLearnsDigitsAndTheCommandsUseTheSavedModel() throws IOException {
        Mnist mnist = EmbeddedMnist.load();
        Dataset train = mnist.train().subset(0, 3000), test = mnist.test().subset(0, 1000);
        Sequential model = LeNet.build(28, 28, 1, 7);
        LeNet.compile(model);
        History h = model.fit(train, new FitOptions().epochs(1).batchSize(32).shuffle(true).seed(7).verbose(0));
        Map<String, Double> result = model.evaluate(test, 250);
        // Chance is 0.10. One epoch over 3,000 images (94 Adam steps) reached 0.915 on the CPU backend; 0.8 is far
        // above chance yet leaves room for a different seed or backend, while a broken gradient stays near 0.1-0.3.
        assertTrue(result.get("accuracy") >= 0.80, "held-out accuracy " + result + ", training " + h.history());

        Path file = dir.resolve("lenet.myelin");
        model.save(file);
        String evaluated = run("evaluate", "--model", file.toString());
        assertTrue(evaluated.contains(String.format(Locale.ROOT, "test accuracy: %.4f",
                        model.evaluate(mnist.test(), 64).get("accuracy"))), evaluated);

        String predicted = run("predict", "--model", file.toString(), "--count", "3");
        assertTrue(predicted.contains("test image 0: predicted "), predicted);
        assertTrue(predicted.contains("label 7"), "MNIST's first test image is a 7: " + predicted);
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
