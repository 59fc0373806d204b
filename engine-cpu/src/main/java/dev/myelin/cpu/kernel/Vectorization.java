package dev.myelin.cpu.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.logging.Logger;

/**
 * Chooses the Vector API implementations once, at class initialization, the way Lucene's
 * {@code VectorizationProvider} does: the matmul micro-kernel, the {@link ElementKernels} and the
 * {@link DirectConvolution} on the Vector API when the {@code jdk.incubator.vector} module is in
 * the boot layer ({@code --add-modules jdk.incubator.vector}) and the CPU has 256-bit vectors,
 * else the scalar ones, logging one line that says why. {@code -Dmyelin.cpu.vector=false} forces
 * the scalar ones.
 */
public final class Vectorization {
    static final String PROPERTY = "myelin.cpu.vector";
    private static final Logger LOG = Logger.getLogger(Vectorization.class.getName());
    private static final boolean VECTOR = vectorUsable(System.getProperty(PROPERTY, "true"));
    private static final MicroKernel KERNEL = VECTOR ? load(MicroKernel.class) : scalar();
    private static final ElementKernels ELEMENT_KERNELS = VECTOR ? load(ElementKernels.class) : new ElementKernels.Scalar();
    private static final DirectConvolution DIRECT_CONVOLUTION = VECTOR ? load(DirectConvolution.class) : new DirectConvolution.Scalar();

    private Vectorization() {}

    /** The micro-kernel every matmul uses. */
    static MicroKernel kernel() {
        return KERNEL;
    }

    /** The element kernels activations, pooling and col2im use. */
    public static ElementKernels elementKernels() {
        return ELEMENT_KERNELS;
    }

    /** The direct convolution first layers use. */
    public static DirectConvolution directConvolution() {
        return DIRECT_CONVOLUTION;
    }

    /** The scalar kernel, always available (tests run the same checks on it). */
    static MicroKernel scalar() {
        return new ScalarMicroKernel();
    }

    /**
     * The Vector API implementation of {@code type} ({@code MicroKernel}, {@code ElementKernels} or
     * {@code DirectConvolution}), or null with the reason logged when it cannot run here: tests run
     * the same checks on it and on the scalar one, whichever this machine chose.
     */
    public static <T> T vectorOrNull(Class<T> type) {
        return vectorUsable("true") ? load(type) : null;
    }

    /** The kernel for a given value of {@code -Dmyelin.cpu.vector} ("false" forces the scalar one). */
    static MicroKernel choose(String property) {
        return vectorUsable(property) ? load(MicroKernel.class) : scalar();
    }

    private static boolean vectorUsable(String property) {
        if (!Boolean.parseBoolean(property)) {
            LOG.info("myelin: -D" + PROPERTY + "=false; using the scalar loops");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("myelin: Vector API not enabled (run java with --add-modules jdk.incubator.vector); using the scalar loops");
            return false;
        }
        try {
            // Looked up reflectively so that this class never links against the incubator module.
            Class<?> type = Class.forName(Vectorization.class.getPackageName() + ".VectorMicroKernel");
            String why = (String) MethodHandles.lookup()
                    .findStatic(type, "unsuitableBecause", MethodType.methodType(String.class)).invoke();
            if (why != null) {
                LOG.info("myelin: " + why + "; using the scalar loops");
                return false;
            }
            return true;
        } catch (Throwable e) {
            LOG.info("myelin: Vector API unusable (" + e + "); using the scalar loops");
            return false;
        }
    }

    /** The Vector API implementation of {@code type}: the class named {@code Vector} + its name, in this package. */
    private static <T> T load(Class<T> type) {
        String simpleName = "Vector" + type.getSimpleName();
        try {
            Class<?> impl = Class.forName(Vectorization.class.getPackageName() + "." + simpleName);
            return type.cast(MethodHandles.lookup().findConstructor(impl, MethodType.methodType(void.class)).invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("myelin: " + simpleName + " failed to load although the Vector API is usable", e);
        }
    }
}
