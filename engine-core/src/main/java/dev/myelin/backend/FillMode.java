package dev.myelin.backend;

/**
 * How {@link Backend#affineTransform} reads positions outside an image, Keras's {@code fill_mode}
 * for input {@code a b c d}: CONSTANT {@code k k | a b c d | k k} (the fill value), NEAREST
 * {@code a a | a b c d | d d}, WRAP {@code c d | a b c d | a b}, MIRROR {@code c b | a b c d | c b},
 * REFLECT {@code b a | a b c d | d c}. New modes go last: the CUDA kernel uses the ordinals.
 */
public enum FillMode {
    /** The fill value. */
    CONSTANT,
    /** The edge pixel. */
    NEAREST,
    /** The image repeated. */
    WRAP,
    /** Reflected about the edge pixel's centre. */
    MIRROR,
    /** Reflected about the edge, the edge pixel repeated. */
    REFLECT
}
