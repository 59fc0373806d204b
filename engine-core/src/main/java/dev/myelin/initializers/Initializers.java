package dev.myelin.initializers;

import java.util.Locale;

/** Initializers by their Keras names. */
public final class Initializers {
    private Initializers() {}

    /** The initializer Keras calls {@code name} ({@code "glorot_uniform"}, {@code "he_normal"}, ...). */
    public static Initializer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "glorot_uniform" -> new GlorotUniform();
            case "he_normal" -> new HeNormal();
            case "he_uniform" -> new HeUniform();
            case "zeros" -> new Zeros();
            case "ones" -> new Ones();
            case "orthogonal" -> new Orthogonal();
            case "uniform", "random_uniform" -> new RandomUniform();
            default -> throw new IllegalArgumentException("unknown initializer \"" + name
                    + "\"; known: glorot_uniform, he_normal, he_uniform, zeros, ones, orthogonal, uniform");
        };
    }
}
