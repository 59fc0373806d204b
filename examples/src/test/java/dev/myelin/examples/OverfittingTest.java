package dev.myelin.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OverfittingTest {
    @TempDir
    Path dir;

    @Test
    void theBigNetOverfitsAndEachCureHelps() throws IOException {
        Map<String, Overfitting.Run> runs = Overfitting.train(1, Overfitting.EPOCHS, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Overfitting.RUNS, List.copyOf(runs.keySet()));
        Overfitting.Run plain = runs.get("overfitting");
        List<Double> loss = plain.history().history().get("loss");
        double noise = Overfitting.NOISE * Overfitting.NOISE; // 0.16: the error of the true function itself
        // Overfitting: the training loss ends far below the noise (it has learned the noise) while the
        // validation error ends well above its own best epoch (it got worse by training on).
        assertTrue(loss.get(loss.size() - 1) < noise / 4, "training loss " + loss.get(loss.size() - 1));
        assertTrue(plain.finalValidationMse() > 1.15 * plain.bestValidationLoss(),
                "final validation MSE " + plain.finalValidationMse() + " against the best epoch's " + plain.bestValidationLoss());
        for (String cure : List.of("L2(0.01)", "Dropout(0.3)", "EarlyStopping")) {
            assertTrue(runs.get(cure).finalValidationMse() < plain.finalValidationMse(),
                    cure + ": " + runs.get(cure).finalValidationMse() + " against " + plain.finalValidationMse());
        }
        // EarlyStopping stopped before the end and kept the best epoch's weights: its final error is that epoch's.
        Overfitting.Run early = runs.get("EarlyStopping");
        assertTrue(early.history().epochs() < Overfitting.EPOCHS, "stopped after " + early.history().epochs() + " epochs");
        assertEquals(early.bestValidationLoss(), early.finalValidationMse(), 1e-4 * early.bestValidationLoss(),
                "restored weights (float32 sums over 400 samples in another order: 1e-4 relative)");

        Path png = dir.resolve("curves.png");
        Overfitting.plot(runs, png);
        assertTrue(Files.size(png) > 1000);
    }
}
