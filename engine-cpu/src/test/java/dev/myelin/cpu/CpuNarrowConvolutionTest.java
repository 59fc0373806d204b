package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.cpu.kernel.NarrowConvolution;
import dev.myelin.cpu.kernel.Vectorization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The narrow direct convolution against the definition ({@link NarrowConvolutionCheck}) on the
 * plain loops, on this JVM's vector kernel, and on the 256-bit one in a second JVM; which layers
 * take it; and that its results do not depend on the thread count.
 */
class CpuNarrowConvolutionTest {

    private static NarrowConvolution kernel(String name) {
        if (name.equals("scalar")) return new NarrowConvolution.Scalar();
        NarrowConvolution vector = Vectorization.vectorOrNull(NarrowConvolution.class);
        Assumptions.assumeTrue(vector != null, "Vector API not usable in this JVM; the vector narrow convolution is not tested here");
        return vector;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void matchesTheDefinition(String name) {
        NarrowConvolution kernel = kernel(name);
        int ran = NarrowConvolutionCheck.checkAll(kernel);
        assertTrue(ran >= 20, kernel.name() + " ran only " + ran + " checks");
    }

    /** The 256-bit kernel where this machine chose 512-bit ones (or the plain loops where it has no vectors). */
    @Test
    void matchesTheDefinitionAt256BitsAndOneThread() throws Exception {
        String out = runInSecondJvm("-Dmyelin.cpu.vectorBits=256", "-Dmyelin.cpu.threads=1");
        String name = out.split(" ")[0];
        assertTrue(name.equals("vector-256") || name.equals("scalar"), "second JVM chose " + out);
        assertTrue(Integer.parseInt(out.split(" ")[1].trim()) >= 20, out);
    }

    /** Which layers take it, where this JVM chose 512-bit vectors (16 channels: one vector). */
    @Test
    void theResidualNetsConvolutionsRunNarrow() {
        Assumptions.assumeTrue(Vectorization.narrowConvolution().width() == 16, "not 512-bit vectors: 16 channels keep the products");
        Conv2dGeometry stem = Conv2dGeometry.of(64, 32, 32, 3, 16, 3, 3, 1, 1, Padding.SAME);
        Conv2dGeometry block = Conv2dGeometry.of(64, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME);
        assertTrue(CpuNarrowConvolution.runsForward(stem) && CpuNarrowConvolution.runsBackwardFilter(stem));
        assertTrue(CpuNarrowConvolution.runsForward(block) && CpuNarrowConvolution.runsBackwardData(block)
                && CpuNarrowConvolution.runsBackwardFilter(block));
        // Wide, grouped and pointwise layers keep the matrix products.
        assertFalse(CpuNarrowConvolution.runsForward(Conv2dGeometry.of(2, 8, 8, 16, 128, 3, 3, 1, 1, Padding.SAME)));
        assertFalse(CpuNarrowConvolution.runsForward(Conv2dGeometry.of(2, 8, 8, 16, 16, 3, 3, 1, 1, Padding.SAME, 1, 1, 2)));
        assertFalse(CpuNarrowConvolution.runsForward(Conv2dGeometry.of(2, 8, 8, 16, 16, 1, 1, 1, 1, Padding.VALID)));
        // LeNet's 20 filters (two vectors) keep DirectConvolution and the products.
        Conv2dGeometry lenet1 = Conv2dGeometry.of(64, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID);
        assertFalse(CpuNarrowConvolution.runsBackwardFilter(lenet1) || CpuNarrowConvolution.runsForward(lenet1));
        // The input gradient of a strided convolution keeps col2im.
        assertFalse(CpuNarrowConvolution.runsBackwardData(Conv2dGeometry.of(2, 8, 8, 16, 16, 3, 3, 2, 2, Padding.SAME)));
    }

    /** The same bits with one thread (second JVM) as with this JVM's threads: fixed row runs and chunk order. */
    @Test
    void resultsDoNotDependOnTheThreads() throws Exception {
        Assumptions.assumeTrue(dev.myelin.cpu.kernel.Parallel.threads() > 1, "one thread here: nothing to compare");
        assertEquals(ThreadCheck.digest(), runInSecondJvm(ThreadCheck.class, "-Dmyelin.cpu.threads=1").trim());
    }

    /** Prints a digest of forward, input and filter gradients of a layer big enough to be split. */
    static final class ThreadCheck {
        static String digest() {
            Conv2dGeometry g = Conv2dGeometry.of(20, 16, 16, 16, 16, 3, 3, 1, 1, Padding.SAME);
            NarrowConvolution kernel = Vectorization.narrowConvolution();
            BufferPool pool = new BufferPool(1 << 22);
            float[] x = Reference.random(g.batch() * g.inH() * g.inW() * g.inC(), 7), w = Reference.random(16 * 9 * 16, 8);
            float[] y = new float[g.batch() * g.outH() * g.outW() * g.outC()], dx = new float[x.length], dw = new float[w.length];
            CpuNarrowConvolution.forward(kernel, x, w, y, g, pool);
            CpuNarrowConvolution.backwardData(kernel, y, w, dx, g, pool);
            CpuNarrowConvolution.backwardFilter(kernel, x, y, dw, g, pool);
            return java.util.Arrays.hashCode(y) + " " + java.util.Arrays.hashCode(dx) + " " + java.util.Arrays.hashCode(dw);
        }

        public static void main(String[] args) {
            System.out.println(digest());
        }
    }

    private static String runInSecondJvm(String... flags) throws IOException, InterruptedException {
        return runInSecondJvm(NarrowConvolutionCheck.class, flags);
    }

    private static String runInSecondJvm(Class<?> main, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "second JVM did not finish");
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "second JVM failed: " + out);
        // The last line: logging may come before it.
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
