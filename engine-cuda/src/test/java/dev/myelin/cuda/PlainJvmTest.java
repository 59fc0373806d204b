package dev.myelin.cuda;

import dev.myelin.backend.Backends;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.model.Sequential;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Myelin in a JVM started without {@code --add-modules jdk.incubator.vector} and without
 * {@code --enable-native-access}: the CPU backend trains on its plain-Java loops and says once, in
 * one line, how to enable the fast path; forcing CUDA names the missing flag. Run in a child JVM,
 * since this test's own JVM has both flags.
 */
class PlainJvmTest {

    /** The child: predicts with a tiny model on whatever backend starts, then tries to force CUDA. */
    public static void main(String[] args) {
        Sequential model = new Sequential(new Input(2), new Dense(1));
        System.out.println("prediction rows: " + model.predict(new float[][] {{1, 2}, {3, 4}}).length);
        try {
            Backends.select("cuda");
        } catch (IllegalStateException e) {
            System.out.println("forced cuda: " + e.getMessage());
        }
    }

    @Test
    void withoutTheFlagsTheCpuRunsAndEachMissingFlagIsNamedOnce() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                PlainJvmTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("prediction rows: 2"), out);
        List<String> vectorNotes = out.lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")).toList();
        assertEquals(1, vectorNotes.size(), "one line on the Vector API:\n" + out);
        assertTrue(vectorNotes.getFirst().startsWith("myelin: "), vectorNotes.getFirst());
        assertTrue(out.contains("forced cuda: backend 'cuda' was requested but cannot start: native access is not enabled"
                + " for Myelin's CUDA bindings: run java with --enable-native-access=ALL-UNNAMED"), out);
        assertFalse(out.contains("restricted method"), "no JDK warning about restricted methods:\n" + out);
    }
}
