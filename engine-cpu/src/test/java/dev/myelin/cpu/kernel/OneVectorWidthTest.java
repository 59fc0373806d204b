package dev.myelin.cpu.kernel;

import dev.myelin.data.Dataset;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the 512-bit kernels run, no float vector of another width is hot enough for the JIT to
 * compile: a second JVM trains a LeNet, a convolution net with batch normalization and an
 * Embedding-LSTM, and prints its compilations ({@code -XX:+PrintCompilation}), none of which may be
 * a method of {@code Float256Vector}, {@code Float128Vector} or {@code Float64Vector} (or their
 * masks and shuffles). Two widths in one JVM share the JDK's {@code FloatVector} type profiles, and
 * now and then a JVM then compiles a 512-bit kernel on the Vector API's slow fallback
 * (benchmarks/RESULTS.md, "Slow JVMs"). A kernel left at 256 bits fails this test, and so does a
 * kernel method that C1 cannot compile.
 */
class OneVectorWidthTest {
    private static final Pattern OTHER_WIDTH = Pattern.compile("Float(256|128|64)(Vector|Mask|Shuffle)");

    @Test
    void trainingCompilesOnlyTheOneFloatWidth() throws Exception {
        Assumptions.assumeTrue(Vectorization.kernel().name().equals("vector-512"),
                "the kernels here are " + Vectorization.kernel().name() + ", not 512-bit: they are one width already");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:+PrintCompilation", "-Dmyelin.cpu.warmUp=false",
                "-cp", System.getProperty("java.class.path"), Workload.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "second JVM did not finish");
        assertEquals(0, p.exitValue(), "second JVM failed: " + out.lines().filter(l -> !l.contains("::")).toList());
        assertTrue(out.contains("Float512Vector::"), "no 512-bit vector method compiled: the check saw no vector code");
        Matcher other = OTHER_WIDTH.matcher(out);
        assertTrue(!other.find(), () -> "compiled beside the 512-bit kernels: "
                + out.lines().filter(l -> OTHER_WIDTH.matcher(l).find()).limit(10).toList());
        // A kernel C1 cannot compile (too many vectors live in one method) may stay at tier 2 for good,
        // every vector operation a Java call: 80 times slower.
        List<String> skipped = out.lines().filter(l -> l.contains("dev.myelin") && l.contains("out of virtual registers")).toList();
        assertTrue(skipped.isEmpty(), () -> "C1 could not compile: " + skipped);
    }

    /** A few hundred training steps of three small models: every float kernel of the CPU backend gets hot. */
    static final class Workload {
        public static void main(String[] args) {
            SplittableRandom r = new SplittableRandom(3);
            int n = 64;
            float[] images = new float[n * 28 * 28], classes = new float[n];
            for (int i = 0; i < images.length; i++) images[i] = (float) r.nextDouble();
            for (int i = 0; i < n; i++) classes[i] = r.nextInt(10);
            Dataset digits = new Dataset(images, Shape.of(28, 28, 1), classes, Shape.SCALAR);

            Sequential lenet = new Sequential(new Input(28, 28, 1), new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
                    new Conv2D(50, 5).activation("relu"), new MaxPooling2D(2), new Flatten(),
                    new Dense(500).activation("relu"), new Dense(10)).seed(1);
            lenet.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(true));
            lenet.fit(digits, new FitOptions().epochs(12).batchSize(16).verbose(0));
            lenet.predict(digits, 1);

            Sequential normalized = new Sequential(new Input(28, 28, 1), new Conv2D(16, 3).padding("same"),
                    new BatchNormalization(), new Conv2D(24, 3), new BatchNormalization(), new GlobalAveragePooling2D(),
                    new Dense(10)).seed(2);
            normalized.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(true));
            normalized.fit(digits, new FitOptions().epochs(12).batchSize(16).verbose(0));

            int steps = 20;
            float[] ids = new float[n * steps], labels = new float[n];
            for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(100);
            for (int i = 0; i < n; i++) labels[i] = r.nextInt(2);
            Sequential lstm = new Sequential(new Input(steps), new Embedding(100, 16), new LSTM(24),
                    new Dense(1).activation("sigmoid")).seed(3);
            lstm.compile(new Adam(1e-3f), new BinaryCrossentropy());
            lstm.fit(new Dataset(ids, Shape.of(steps), labels, Shape.SCALAR), new FitOptions().epochs(12).batchSize(16).verbose(0));
            System.out.println("done");
        }
    }
}
