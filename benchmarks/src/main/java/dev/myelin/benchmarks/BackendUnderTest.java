package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.SplittableRandom;

/** Starting the backend a benchmark's {@code backend} parameter names, and its inputs. */
final class BackendUnderTest {
    private BackendUnderTest() {}

    /**
     * Starts {@code name} and makes it current (layers create their weights on the current one).
     *
     * @throws IllegalStateException naming why, when it cannot start here (JMH then skips the run)
     */
    static Backend open(String name) {
        Backend backend = Backends.select(name).backend();
        Backends.use(backend, "benchmark parameter backend=" + name);
        return backend;
    }

    /** Whether {@code name} starts on this machine, without keeping it (for BenchMain's selection). */
    static String unavailableBecause(String name) {
        try {
            Backends.select(name).backend().close();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.getMessage();
        }
    }

    /** Uniform values in [-1, 1) from a fixed seed, on {@code backend}. */
    static Tensor randomTensor(Backend backend, long seed, int... dims) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(Shape.of(dims).size())];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-1, 1);
        return backend.fromArray(Shape.of(dims), x, 0);
    }

    /** Class indices in [0, classes) as floats (sparse labels), from a fixed seed. */
    static Tensor randomLabels(Backend backend, long seed, int count, int classes) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[count];
        for (int i = 0; i < count; i++) y[i] = random.nextInt(classes);
        return backend.fromArray(Shape.of(count), y, 0);
    }
}
