package dev.myelin.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    private static Map<String, Double> logs(double loss, double acc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", acc);
        return m;
    }

    @Test
    void barLooksLikeKeras() {
        // Keras: 30 * 97 / 157 = 18 cells done, the last of them the '>' head, 12 to go.
        assertEquals(" 97/157 [=================>............] - ETA: 3s - loss: 0.3121 - accuracy: 0.9032",
                ProgressBar.line(97, 157, "ETA: 3s", logs(0.31212, 0.90321)));
        assertEquals("157/157 [==============================] - 12s - loss: 0.0812 - accuracy: 0.9751",
                ProgressBar.line(157, 157, "12s", logs(0.0812, 0.9751)));
        assertEquals("1/3 [=========>....................] - ETA: 0s - loss: 1.0000",
                ProgressBar.line(1, 3, "ETA: 0s", Map.of("loss", 1.0)));
    }

    @Test
    void epochLine() {
        Map<String, Double> m = logs(0.0812, 0.97514);
        m.put("val_loss", 0.0712);
        m.put("val_accuracy", 0.979);
        assertEquals("Epoch 3/5 - 12s 39ms/step - loss: 0.0812 - accuracy: 0.9751 - val_loss: 0.0712 - val_accuracy: 0.9790",
                TrainingLoop.epochLine(3, 5, 12.3, 313, m));
        assertEquals("Epoch 1/1 - 3s 3s/step", TrainingLoop.epochLine(1, 1, 2.6, 1, Map.of()));
        assertEquals("Epoch 1/1 - 0s 850us/step", TrainingLoop.epochLine(1, 1, 0.0085, 10, Map.of()));
        assertEquals("1:05", ProgressBar.formatSeconds(65));
    }

    @Test
    void withoutAConsoleTheBarIsPrintedOnceAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, false);
        for (int i = 1; i < 4; i++) bar.update(i, () -> { throw new AssertionError("no device read without a live bar"); });
        bar.finish(logs(0.5, 0.75));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("4/4 [==============================] - "), out);
        assertTrue(out.endsWith(" - loss: 0.5000 - accuracy: 0.7500" + System.lineSeparator()), out);
        assertTrue(!out.contains("\r"), out);
    }
}
