package dev.myelin.cpu.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.logging.Logger;

/**
 * Chooses the matmul micro-kernel once, at class initialization, the way Lucene's
 * {@code VectorizationProvider} does: the Vector API kernel when the {@code jdk.incubator.vector}
 * module is in the boot layer ({@code --add-modules jdk.incubator.vector}) and the CPU has 256-bit
 * vectors, else the scalar kernel, logging one line that says why. {@code -Dmyelin.cpu.vector=false}
 * forces the scalar kernel.
 */
final class Vectorization {
    static final String PROPERTY = "myelin.cpu.vector";
    private static final Logger LOG = Logger.getLogger(Vectorization.class.getName());
    private static final MicroKernel KERNEL = choose(System.getProperty(PROPERTY, "true"));

    private Vectorization() {}

    /** The micro-kernel every matmul uses. */
    static MicroKernel kernel() {
        return KERNEL;
    }

    /** The scalar kernel, always available (tests run the same checks on it). */
    static MicroKernel scalar() {
        return new ScalarMicroKernel();
    }

    /** The Vector API kernel, or null with the reason logged when it cannot run here. */
    static MicroKernel vectorOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("myelin: Vector API not enabled (run java with --add-modules jdk.incubator.vector); using the scalar matmul kernel");
            return null;
        }
        try {
            // Looked up reflectively so that this class never links against the incubator module.
            Class<?> type = Class.forName(Vectorization.class.getPackageName() + ".VectorMicroKernel");
            var lookup = MethodHandles.lookup();
            String why = (String) lookup.findStatic(type, "unsuitableBecause", MethodType.methodType(String.class)).invoke();
            if (why != null) {
                LOG.info("myelin: " + why + "; using the scalar matmul kernel");
                return null;
            }
            return (MicroKernel) lookup.findConstructor(type, MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            LOG.info("myelin: Vector API unusable (" + e + "); using the scalar matmul kernel");
            return null;
        }
    }

    /** The kernel for a given value of {@code -Dmyelin.cpu.vector} ("false" forces the scalar one). */
    static MicroKernel choose(String property) {
        if (!Boolean.parseBoolean(property)) {
            LOG.info("myelin: -D" + PROPERTY + "=false; using the scalar matmul kernel");
            return scalar();
        }
        MicroKernel vector = vectorOrNull();
        return vector != null ? vector : scalar();
    }
}
