package dev.myelin.losses;

import java.util.Locale;

/** Losses by their Keras names (probabilities, not logits, as Keras's string forms assume). */
public final class Losses {
    private Losses() {}

    public static Loss get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "binary_crossentropy" -> new BinaryCrossentropy(false);
            case "categorical_crossentropy" -> new CategoricalCrossentropy(false);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(false);
            default -> throw new IllegalArgumentException("unknown loss \"" + name + "\"; known: mse, mae, binary_crossentropy, "
                    + "categorical_crossentropy, sparse_categorical_crossentropy");
        };
    }
}
