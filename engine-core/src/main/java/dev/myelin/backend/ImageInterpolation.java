package dev.myelin.backend;

/**
 * How {@link Backend#affineTransform} reads between pixels: NEAREST rounds the position half away
 * from zero, BILINEAR weighs the four neighbours. The CUDA kernel uses the ordinals.
 */
public enum ImageInterpolation {
    /** The nearest pixel. */
    NEAREST,
    /** Linear between the four neighbours. */
    BILINEAR
}
