package dev.myelin.cpu;

/**
 * The error function for exact GELU. Numerical Recipes' Chebyshev fit of erfc (2nd ed., 6.2,
 * {@code erfcc}) has a relative error below 1.2e-7 everywhere, i.e. float precision; the cruder
 * Abramowitz-Stegun 7.1.26 (2.5e-5) is too coarse for gradient checks. Evaluated in double.
 */
final class Erf {
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private Erf() {}

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    static double erf(double x) {
        return 1.0 - erfc(x);
    }

    /** Standard normal CDF, via erfc so that the far left tail keeps its relative precision. */
    static double phi(double x) {
        return 0.5 * erfc(-x * SQRT_HALF);
    }

    /** Standard normal density. */
    static double density(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
