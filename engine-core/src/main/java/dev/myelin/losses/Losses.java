package dev.myelin.losses;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static dev.myelin.model.SettingsMap.flag;
import static dev.myelin.model.SettingsMap.integer;
import static dev.myelin.model.SettingsMap.number;
import static dev.myelin.model.SettingsMap.shorten;

/**
 * Losses by their Keras names: the function names ({@code "mean_squared_error"}), the class names
 * ({@code "MeanSquaredError"}) and Keras's aliases ({@code "mse"}, {@code "mae"}, {@code "mape"},
 * {@code "msle"}, {@code "kld"}, {@code "bce"}, {@code "logcosh"}). String forms take probabilities,
 * not logits, as Keras's do.
 */
public final class Losses {
    private Losses() {}

    private record Entry(List<String> names, Supplier<Loss> make) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(List.of("mean_squared_error", "mse", "meansquarederror"), MeanSquaredError::new),
            new Entry(List.of("mean_absolute_error", "mae", "meanabsoluteerror"), MeanAbsoluteError::new),
            new Entry(List.of("mean_absolute_percentage_error", "mape", "meanabsolutepercentageerror"), MeanAbsolutePercentageError::new),
            new Entry(List.of("mean_squared_logarithmic_error", "msle", "meansquaredlogarithmicerror"), MeanSquaredLogarithmicError::new),
            new Entry(List.of("huber", "huber_loss"), Huber::new),
            new Entry(List.of("log_cosh", "logcosh"), LogCosh::new),
            new Entry(List.of("binary_crossentropy", "bce", "binarycrossentropy"), BinaryCrossentropy::new),
            new Entry(List.of("binary_focal_crossentropy", "binaryfocalcrossentropy"), BinaryFocalCrossentropy::new),
            new Entry(List.of("categorical_crossentropy", "categoricalcrossentropy"), CategoricalCrossentropy::new),
            new Entry(List.of("sparse_categorical_crossentropy", "sparsecategoricalcrossentropy"), SparseCategoricalCrossentropy::new),
            new Entry(List.of("categorical_focal_crossentropy", "categoricalfocalcrossentropy"), CategoricalFocalCrossentropy::new),
            new Entry(List.of("kl_divergence", "kld", "kullback_leibler_divergence", "kldivergence"), KLDivergence::new),
            new Entry(List.of("poisson"), Poisson::new),
            new Entry(List.of("hinge"), Hinge::new),
            new Entry(List.of("squared_hinge", "squaredhinge"), SquaredHinge::new),
            new Entry(List.of("categorical_hinge", "categoricalhinge"), CategoricalHinge::new),
            new Entry(List.of("cosine_similarity", "cosinesimilarity"), CosineSimilarity::new));

    /** The loss named {@code name} (any case) with Keras's defaults. */
    public static Loss get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Entry e : ENTRIES) if (e.names.contains(key)) return e.make.get();
        StringBuilder known = new StringBuilder();
        for (Entry e : ENTRIES) known.append(known.isEmpty() ? "" : ", ").append(e.names.getFirst());
        String hint = name.equalsIgnoreCase("adam") || name.equalsIgnoreCase("sgd") || name.equalsIgnoreCase("rmsprop")
                ? " (\"" + name + "\" is an optimizer: Keras's order is compile(optimizer, loss, metrics...))" : "";
        throw new IllegalArgumentException("unknown loss \"" + name + "\"" + hint + "; known: " + known + ", and the aliases mse, mae, "
                + "mape, msle, kld, bce, logcosh");
    }

    /**
     * The loss named {@code name} with the settings of its {@link Loss#config()}, as a saved model records them.
     *
     * @throws IllegalArgumentException naming the setting when one is of the wrong type or out of range
     */
    public static Loss get(String name, Map<String, Object> config) {
        Loss loss = switch (name.toLowerCase(Locale.ROOT)) {
            case "huber", "huber_loss" -> new Huber(number(config, "delta", 1.0));
            case "binary_crossentropy" -> new BinaryCrossentropy(flag(config, "from_logits"), number(config, "label_smoothing", 0));
            case "categorical_crossentropy" ->
                    new CategoricalCrossentropy(flag(config, "from_logits"), number(config, "label_smoothing", 0));
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(flag(config, "from_logits"))
                    .ignoreClass(config.get("ignore_class") == null ? null : integer(config, "ignore_class"));
            case "binary_focal_crossentropy" -> new BinaryFocalCrossentropy(flag(config, "from_logits"))
                    .applyClassBalancing(flag(config, "apply_class_balancing")).alpha(number(config, "alpha", 0.25))
                    .gamma(number(config, "gamma", 2)).labelSmoothing(number(config, "label_smoothing", 0));
            case "categorical_focal_crossentropy" -> new CategoricalFocalCrossentropy(flag(config, "from_logits"))
                    .alpha(number(config, "alpha", 0.25)).gamma(number(config, "gamma", 2))
                    .labelSmoothing(number(config, "label_smoothing", 0));
            default -> get(name);
        };
        if (loss instanceof ReducingLoss r && config.get("reduction") != null) {
            if (!(config.get("reduction") instanceof String reduction)) {
                throw new IllegalArgumentException("field \"reduction\": expected a string, found " + shorten(config.get("reduction")));
            }
            r.reduction(Reduction.of(reduction));
        }
        return loss;
    }
}
