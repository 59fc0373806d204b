package dev.myelin.losses;

import java.util.Locale;

/** How a loss turns per-sample values into what it returns, as Keras's {@code reduction} argument. */
public enum Reduction {
    /** The sum divided by the number of per-sample values (Keras's default; sample weights do not change the divisor). */
    SUM_OVER_BATCH_SIZE,
    /** The sum of the (weighted) per-sample values. */
    SUM,
    /** No reduction: the (weighted) per-sample values, shaped as the outputs without their last axis. */
    NONE;

    /** Keras's spelling: {@code sum_over_batch_size}, {@code sum}, {@code none}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses Keras's spelling; {@code mean} is Keras's alias of {@code sum_over_batch_size}. */
    public static Reduction of(String name) {
        String n = name == null ? "none" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sum_over_batch_size", "mean" -> SUM_OVER_BATCH_SIZE;
            case "sum" -> SUM;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown reduction \"" + name + "\"; known: sum_over_batch_size, sum, none");
        };
    }
}
