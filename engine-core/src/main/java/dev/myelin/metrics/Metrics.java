package dev.myelin.metrics;

import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.CategoricalCrossentropy;
import dev.myelin.losses.Loss;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.tensor.Shape;

import java.util.Locale;
import java.util.Map;

import static dev.myelin.model.SettingsMap.flag;
import static dev.myelin.model.SettingsMap.integer;
import static dev.myelin.model.SettingsMap.number;
import static dev.myelin.model.SettingsMap.string;

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
        String key = key(name);
        Metric m = byKey(key);
        if (m != null) return m.named(name);
        if (key.equals("accuracy") || key.equals("acc")) {
            throw new IllegalArgumentException("\"" + name + "\" depends on the loss and the output shape: "
                    + "use Metrics.get(name, loss, outputShape, labelShape), as compile does");
        }
        throw new IllegalArgumentException("unknown metric \"" + name + "\"; known: " + KNOWN);
    }

    /** The metric with Keras's defaults for a lower-case name or class name, or null for none. */
    private static Metric byKey(String key) {
        return switch (key) {
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
            default -> null;
        };
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

    /**
     * The metric of class {@code className} with the settings of its {@link Metric#config()}, as a saved
     * model records them: Myelin's metrics by their simple class names ({@code "AUC"}, {@code "Precision"}),
     * a user's own by their full Java class name, rebuilt with their public no-argument constructor (the
     * class must be on the class path, as Keras needs its {@code custom_objects}).
     *
     * @throws IllegalArgumentException naming the setting when one is of the wrong type or out of range,
     *     or the class when it cannot be rebuilt
     */
    public static Metric get(String className, Map<String, Object> config) {
        Metric m = switch (className) {
            case "Accuracy" -> new Accuracy();
            case "BinaryAccuracy" -> new BinaryAccuracy(number(config, "threshold", 0.5));
            case "TopKCategoricalAccuracy" -> new TopKCategoricalAccuracy(integer(config, "k", 5));
            case "SparseTopKCategoricalAccuracy" -> new SparseTopKCategoricalAccuracy(integer(config, "k", 5));
            case "Precision" -> new Precision(number(config, "thresholds", 0.5), classId(config));
            case "Recall" -> new Recall(number(config, "thresholds", 0.5), classId(config));
            case "AUC" -> new AUC(integer(config, "num_thresholds", 200), string(config, "curve", "ROC"),
                    string(config, "summation_method", "interpolation"), flag(config, "from_logits"));
            case "F1Score" -> new F1Score(string(config, "average", null), number(config, "beta", 1),
                    config.get("threshold") == null ? null : number(config, "threshold"));
            case "R2Score" -> new R2Score(string(config, "class_aggregation", "uniform_average"), integer(config, "num_regressors", 0));
            default -> { // the metrics without settings, by their class names; else a user's class
                Metric builtIn = className.contains(".") ? null : byKey(key(className));
                yield builtIn != null ? builtIn : userMetric(className);
            }
        };
        String name = string(config, "name", null);
        return name == null ? m : m.named(name);
    }

    /** The class name {@link #get(String, Map)} takes for {@code metric}. */
    public static String className(Metric metric) {
        Class<?> c = metric.getClass();
        return c.getPackageName().equals(Metrics.class.getPackageName()) ? c.getSimpleName() : c.getName();
    }

    private static Integer classId(Map<String, Object> config) {
        return config.get("class_id") == null ? null : integer(config, "class_id");
    }

    /** A user's Metric subclass by its Java name; it is checked to be a Metric before anything of it runs. */
    private static Metric userMetric(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("unknown metric class \"" + className + "\": not one of Myelin's metrics, and no such "
                    + "class is on the class path");
        }
        if (!Metric.class.isAssignableFrom(c)) throw new IllegalArgumentException("class \"" + className + "\" is not a Metric");
        try {
            return (Metric) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("metric class \"" + className + "\" cannot be rebuilt: it needs a public no-argument "
                    + "constructor (" + e + ")", e);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
