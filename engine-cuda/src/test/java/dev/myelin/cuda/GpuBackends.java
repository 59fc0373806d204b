package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend (TF32 off) and the CPU backend side by side, for tests tagged {@code gpu}. Where
 * CUDA is unavailable (no driver, no device, a library missing), every such test is skipped with the
 * reason, printed once to stderr as well; with {@code MYELIN_REQUIRE_GPU=1} (a GPU host's check) it
 * fails instead. A start that fails once a device is found fails every such test, with the error.
 */
final class GpuBackends {
    /** {@code MYELIN_REQUIRE_GPU=1}: a gpu test that cannot run fails instead of skipping. */
    static final boolean REQUIRED = "1".equals(System.getenv("MYELIN_REQUIRE_GPU"));
    private static final CudaBackend CUDA;
    private static final String UNAVAILABLE;
    private static final RuntimeException START_ERROR;
    static final Backend CPU = new CpuBackend();

    static {
        CudaBackend cuda = null;
        String reason = null;
        RuntimeException error = null;
        try {
            cuda = CudaBackend.start(CudaOptions.fromSystem().exactFloat32(), LibraryFinder.system());
            System.err.println("gpu tests run on " + cuda.description());
        } catch (BackendUnavailableException e) {
            reason = "no usable GPU, CUDA tests skipped: " + e.getMessage();
            System.err.println(reason);
        } catch (RuntimeException e) {
            error = e;
            System.err.println("the CUDA backend found a device but failed to start: " + e);
        }
        CUDA = cuda;
        UNAVAILABLE = reason;
        START_ERROR = error;
    }

    private GpuBackends() {}

    /** The CUDA backend, or the test is skipped saying why (failed, with MYELIN_REQUIRE_GPU=1 or a failed start). */
    static CudaBackend cuda() {
        if (START_ERROR != null) throw new AssertionError("the CUDA backend found a device but failed to start", START_ERROR);
        if (CUDA == null && REQUIRED) fail("MYELIN_REQUIRE_GPU=1, but " + UNAVAILABLE.replace(", CUDA tests skipped", ""));
        assumeTrue(CUDA != null, UNAVAILABLE);
        return CUDA;
    }

    /** Values in [low, high), seeded. */
    static float[] random(int n, long seed, float low, float high) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (low + (high - low) * r.nextDouble());
        return v;
    }

    static float[] random(Shape s, long seed) { return random(s.sizeAsInt(), seed, -1f, 1f); }

    /** Runs {@code op} on both backends and returns {cpu, cuda} results as arrays. */
    static float[][] both(Function<Backend, Tensor> op) {
        CudaBackend cuda = cuda();
        float[] expected, actual;
        try (Scope s = Scope.open()) {
            expected = op.apply(CPU).toArray();
        }
        try (Scope s = Scope.open()) {
            actual = op.apply(cuda).toArray();
        }
        return new float[][] {expected, actual};
    }

    /**
     * {@code |cpu - cuda| <= atol + rtol * max(|cpu|, |cuda|)} for every element; names the first
     * element that is not, with both values.
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": cpu gave " + expected.length + " values, cuda " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (!(Math.abs(e - a) <= atol + rtol * Math.max(Math.abs(e), Math.abs(a)))) {
                fail(what + ": element " + i + " of " + expected.length + ": cpu " + e + ", cuda " + a);
            }
        }
    }

    /** Compares an op on both backends. */
    static void compare(String what, double rtol, double atol, Function<Backend, Tensor> op) {
        float[][] r = both(op);
        assertClose(what, r[0], r[1], rtol, atol);
    }
}
