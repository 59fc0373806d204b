package dev.myelin.cuda.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The CUDA C sources kept as resources under {@code dev/myelin/cuda/kernels}, one module each. */
public final class KernelSources {
    public static final List<String> MODULES = List.of("elementwise", "reduce", "softmax", "random", "optimizers", "pool", "layout", "image", "sequence");

    private KernelSources() {}

    public static String source(String module) {
        String path = "/dev/myelin/cuda/kernels/" + module + ".cu";
        try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("kernel source " + path + " is missing from the engine-cuda jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }
}
