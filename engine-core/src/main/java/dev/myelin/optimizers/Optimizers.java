package dev.myelin.optimizers;

import java.util.Locale;

/** Optimizers by their Keras names, with Keras's default settings. */
public final class Optimizers {
    private Optimizers() {}

    public static Optimizer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "adam" -> new Adam();
            case "rmsprop" -> new RMSprop();
            default -> throw new IllegalArgumentException("unknown optimizer \"" + name + "\"; known: sgd, adam, rmsprop");
        };
    }
}
