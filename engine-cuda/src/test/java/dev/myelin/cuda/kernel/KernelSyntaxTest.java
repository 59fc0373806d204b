package dev.myelin.cuda.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs check-kernels.sh: every kernel source compiles to PTX with the local nvcc (skipped where there is none). */
class KernelSyntaxTest {
    @Test
    void kernelSourcesCompileWithNvcc() throws IOException, InterruptedException {
        boolean nvcc = Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"))
                || System.getenv().getOrDefault("PATH", "").lines().flatMap(p -> java.util.Arrays.stream(p.split(":")))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "nvcc")));
        if (!nvcc) System.err.println("KernelSyntaxTest skipped: nvcc is not installed");
        assumeTrue(nvcc, "nvcc is not installed");
        Path script = Path.of("src/test/resources/check-kernels.sh");
        assumeTrue(Files.isRegularFile(script), "run from the engine-cuda module folder");
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc took over two minutes");
        assertEquals(0, p.exitValue(), out);
        assertEquals(KernelSources.MODULES.size(), out.lines().filter(l -> l.startsWith("ok ")).count(), out);
    }
}
