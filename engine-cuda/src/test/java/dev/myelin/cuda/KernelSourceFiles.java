package dev.myelin.cuda;

import dev.myelin.cuda.kernel.KernelSources;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The {@code .cu} files under {@code dev/myelin/cuda/kernels} in the engine-cuda classes (a folder or a jar). */
final class KernelSourceFiles {
    private KernelSourceFiles() {}

    /** Their module names (file names without {@code .cu}). */
    static Set<String> modules() throws IOException, URISyntaxException {
        Path root = Path.of(KernelSources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(root)) return list(root.resolve("dev/myelin/cuda/kernels"));
        try (FileSystem jar = FileSystems.newFileSystem(root)) {
            return list(jar.getPath("dev/myelin/cuda/kernels"));
        }
    }

    private static Set<String> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            Set<String> out = new TreeSet<>();
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).forEach(n -> out.add(n.substring(0, n.length() - 3)));
            return out;
        }
    }
}
