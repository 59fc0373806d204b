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
 * the scalar ones. The micro-kernel's wide tile runs on 512-bit vectors where the CPU prefers them
 * (AVX-512), unless {@code -Dmyelin.cpu.vectorBits=256}.
 *
 * <p>The 512-bit micro-kernel calls its vector operations as {@code lanewise(OP, ...)}, not by
 * their shortcuts ({@code fma}, {@code add}). A shortcut is a final method of {@code FloatVector}
 * that calls the abstract {@code lanewise}, so C2 binds that call from a receiver profile which
 * the 256- and 512-bit kernels fill together; when it holds both classes, the result merges two
 * vector classes, C2 keeps it as an object ("unbox failed"), and the kernel runs the API's Java
 * fallback, allocating every vector, for the rest of the JVM's life (LeNet's training step: 6 of 24
 * JVMs, 62 to 454 MB a step; benchmarks/RESULTS.md, "Slow JVMs"). Called from the kernel, the
 * call's profile is the kernel's own and holds one class. The other kernels keep the shortcuts:
 * the same rewrite there made the LSTM step 2.5x slower and the residual net's 20% (why, not found).
 */
public final class Vectorization {
    static final String PROPERTY = "myelin.cpu.vector";
    static final String BITS_PROPERTY = "myelin.cpu.vectorBits";
    private static final Logger LOG = Logger.getLogger(Vectorization.class.getName());
    /** What the Vector API buys, measured (benchmarks/RESULTS.md, "Plain JVM"). */
    static final String VECTOR_GAIN = "LeNet training step at batch 64 about 13x faster";
    private static final boolean VECTOR = vectorUsable(System.getProperty(PROPERTY, "true"));
    private static final MicroKernel KERNEL = VECTOR ? vectorKernel(System.getProperty(BITS_PROPERTY, "")) : scalar();
    private static final ElementKernels ELEMENT_KERNELS = VECTOR ? load(ElementKernels.class) : new ElementKernels.Scalar();
    private static final DirectConvolution DIRECT_CONVOLUTION = VECTOR ? load(DirectConvolution.class) : new DirectConvolution.Scalar();
    private static final NarrowConvolution NARROW_CONVOLUTION = VECTOR ? load(NarrowConvolution.class) : new NarrowConvolution.Scalar();
    private static final WinogradTiles WINOGRAD_TILES = VECTOR ? load(WinogradTiles.class) : null;
    private static final GateKernels GATE_KERNELS = VECTOR ? load(GateKernels.class) : new GateKernels.Scalar();
    private static final BatchNormKernels BATCH_NORM_KERNELS = VECTOR ? load(BatchNormKernels.class) : new BatchNormKernels.Scalar();

    private Vectorization() {}

    /** The micro-kernel every matmul uses. */
    static MicroKernel kernel() {
        return KERNEL;
    }

    /** The element kernels activations, pooling and col2im use. */
    public static ElementKernels elementKernels() {
        return ELEMENT_KERNELS;
    }

    /** The gate activations recurrent layers use. */
    public static GateKernels gateKernels() {
        return GATE_KERNELS;
    }

    /** The row loops of batch normalization. */
    public static BatchNormKernels batchNormKernels() {
        return BATCH_NORM_KERNELS;
    }

    /** The direct convolution first layers use. */
    public static DirectConvolution directConvolution() {
        return DIRECT_CONVOLUTION;
    }

    /** The direct convolution layers with few channels use. */
    public static NarrowConvolution narrowConvolution() {
        return NARROW_CONVOLUTION;
    }

    /** The Winograd tile transforms, as wide as {@link #narrowConvolution()}; null without the Vector API (no plain version). */
    public static WinogradTiles winogradTiles() {
        return WINOGRAD_TILES;
    }

    /** The scalar kernel, always available (tests run the same checks on it). */
    static MicroKernel scalar() {
        return new ScalarMicroKernel();
    }

    /**
     * The Vector API implementation of {@code type} ({@code MicroKernel}, {@code ElementKernels},
     * {@code DirectConvolution} or {@code NarrowConvolution}), or null with the reason logged when it cannot run here: tests run
     * the same checks on it and on the scalar one, whichever this machine chose.
     */
    public static <T> T vectorOrNull(Class<T> type) {
        return vectorUsable("true") ? load(type) : null;
    }

    /**
     * The 512-bit micro-kernel whether or not this CPU prefers it (elsewhere the Vector API runs it
     * in plain Java, slowly but with the same results), or null when the Vector API is unusable.
     */
    static MicroKernel vector512OrNull() {
        return vectorUsable("true") ? instantiate("Vector512MicroKernel", MicroKernel.class) : null;
    }

    /** The kernel for given values of {@code -Dmyelin.cpu.vector} ("false" forces the scalar one) and {@code -Dmyelin.cpu.vectorBits}. */
    static MicroKernel choose(String vector, String bits) {
        return vectorUsable(vector) ? vectorKernel(bits) : scalar();
    }

    /** The 512-bit kernel where the CPU prefers 512-bit vectors and {@code bits} is not "256", else the 256-bit one. */
    private static MicroKernel vectorKernel(String bits) {
        if (!bits.equals("256") && unsuitableBecause("Vector512MicroKernel") == null) {
            return instantiate("Vector512MicroKernel", MicroKernel.class);
        }
        return load(MicroKernel.class);
    }

    private static boolean vectorUsable(String property) {
        if (!Boolean.parseBoolean(property)) {
            LOG.info("myelin: -D" + PROPERTY + "=false; using the scalar loops");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // One plain line on stderr, as the backend's own startup line: it is what a user of a plain JVM needs to see.
            System.err.println("myelin: the CPU backend runs its plain-Java loops; run java with --add-modules "
                    + "jdk.incubator.vector for the Vector API ones (" + VECTOR_GAIN + ")");
            return false;
        }
        String why = unsuitableBecause("VectorMicroKernel");
        if (why != null) {
            LOG.info("myelin: " + why + "; using the scalar loops");
            return false;
        }
        return true;
    }

    /**
     * Why the named kernel class would be slow or unusable here (its {@code unsuitableBecause()},
     * or the failure to call it), or null when this CPU runs it natively.
     */
    private static String unsuitableBecause(String simpleName) {
        // Looked up reflectively so that this class never links against the incubator module.
        try {
            Class<?> type = Class.forName(Vectorization.class.getPackageName() + "." + simpleName);
            return (String) MethodHandles.lookup()
                    .findStatic(type, "unsuitableBecause", MethodType.methodType(String.class)).invoke();
        } catch (Throwable e) {
            return "Vector API unusable (" + e + ")";
        }
    }

    /** The Vector API implementation of {@code type}: the class named {@code Vector} + its name, in this package. */
    private static <T> T load(Class<T> type) {
        return instantiate("Vector" + type.getSimpleName(), type);
    }

    private static <T> T instantiate(String simpleName, Class<T> type) {
        try {
            Class<?> impl = Class.forName(Vectorization.class.getPackageName() + "." + simpleName);
            return type.cast(MethodHandles.lookup().findConstructor(impl, MethodType.methodType(void.class)).invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("myelin: " + simpleName + " failed to load although the Vector API is usable", e);
        }
    }
}
