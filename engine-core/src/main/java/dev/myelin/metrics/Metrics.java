package dev.myelin.metrics;

import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.CategoricalCrossentropy;
import dev.myelin.losses.Loss;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.tensor.Shape;

import java.util.Locale;

/**
 * Metrics by their Keras names, as {@code compile(..., "mae", "precision")} asks for them: the snake
 * case names ({@code "mean_absolute_error"}, {@code "sparse_top_k_categorical_accuracy"}), the class
 * names ({@code "AUC"}, {@code "R2Score"}) and Keras's aliases {@code "mae"}, {@code "mse"},
 * {@code "mape"}. The metric is logged under the string it was asked for, as in Keras
 * ({@code "mae"}, {@code "val_mae"}).
 */
public final class Metrics {
    private static final String KNOWN = "accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, "
            + "top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, precision, recall, auc, f1_score, "
            + "mean_absolute_error (mae), mean_squared_error (mse), root_mean_squared_error, "
            + "mean_absolute_percentage_error (mape), r2_score";

    private Metrics() {}

    /** The metric named {@code name}; {@code "accuracy"} needs the loss to resolve, see the other form. */
    public static Metric get(String name) {
        Metric m = switch (key(name)) {
            case "binary_accuracy", "binaryaccuracy" -> new BinaryAccuracy();
            case "categorical_accuracy", "categoricalaccuracy" -> new CategoricalAccuracy();
            case "sparse_categorical_accuracy", "sparsecategoricalaccuracy" -> new SparseCategoricalAccuracy();
            case "top_k_categorical_accuracy", "topkcategoricalaccuracy" -> new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy", "sparsetopkcategoricalaccuracy" -> new SparseTopKCategoricalAccuracy();
            case "precision" -> new Precision();
            case "recall" -> new Recall();
            case "auc" -> new AUC();
            case "f1_score", "f1score" -> new F1Score();
            case "mae", "mean_absolute_error", "meanabsoluteerror" -> new MeanAbsoluteError();
            case "mse", "mean_squared_error", "meansquarederror" -> new MeanSquaredError();
            case "root_mean_squared_error", "rootmeansquarederror" -> new RootMeanSquaredError();
            case "mape", "mean_absolute_percentage_error", "meanabsolutepercentageerror" -> new MeanAbsolutePercentageError();
            case "r2_score", "r2score" -> new R2Score();
            case "accuracy", "acc" -> throw new IllegalArgumentException("\"" + name + "\" depends on the loss and the output shape: "
                    + "use Metrics.get(name, loss, outputShape, labelShape), as compile does");
            default -> throw new IllegalArgumentException("unknown metric \"" + name + "\"; known: " + KNOWN);
        };
        return m.named(name);
    }

    /**
     * The metric named {@code name} for a model trained with {@code loss}, whose samples have output
     * shape {@code output} and label shape {@code label}: {@code "accuracy"} (or {@code "acc"}) is
     * resolved as Keras resolves it (binary for binary cross-entropy or one output unit, with
     * threshold 0 when the loss takes logits; sparse categorical for the sparse loss or labels of lower
     * rank; categorical otherwise); other names as {@link #get(String)}.
     */
    public static Metric get(String name, Loss loss, Shape output, Shape label) {
        String k = key(name);
        if (!k.equals("accuracy") && !k.equals("acc")) return get(name);
        Metric m;
        if (loss instanceof BinaryCrossentropy b) m = new BinaryAccuracy(b.fromLogits() ? 0 : 0.5);
        else if (loss instanceof SparseCategoricalCrossentropy) m = new SparseCategoricalAccuracy();
        else if (loss instanceof CategoricalCrossentropy) m = new CategoricalAccuracy();
        else if (output.rank() == 0 || output.dim(-1) == 1) m = new BinaryAccuracy();
        else {
            boolean sparse = label.rank() < output.rank() || (label.rank() > 0 && label.dim(-1) == 1);
            m = sparse ? new SparseCategoricalAccuracy() : new CategoricalAccuracy();
        }
        return m.named(name);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
