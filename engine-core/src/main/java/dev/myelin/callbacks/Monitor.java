package dev.myelin.callbacks;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The monitored quantity of EarlyStopping, ModelCheckpoint and ReduceLROnPlateau (Keras's
 * {@code MonitorCallback}): its name, whether lower or higher is better, and what counts as an
 * improvement. In {@code "auto"} mode a loss is minimized and a metric goes the way Keras's metric
 * of that name does (accuracy, AUC, precision, recall, F1, R2 up; errors and losses down).
 */
final class Monitor {
    private static final Set<String> UP = Set.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc",
            "precision", "recall", "f1_score", "fbeta_score", "r2_score", "iou", "mean_iou", "cosine_similarity");

    final String name;
    final boolean minimize;

    Monitor(String callback, String name, String mode) {
        this.name = name;
        this.minimize = switch (mode.toLowerCase(Locale.ROOT)) {
            case "min" -> true;
            case "max" -> false;
            case "auto" -> auto(callback, name);
            default -> throw new IllegalArgumentException(callback + ": mode must be \"auto\", \"min\" or \"max\", got \"" + mode + "\"");
        };
    }

    private static boolean auto(String callback, String monitor) {
        String metric = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (metric.equals("loss") || metric.endsWith("_loss") || metric.endsWith("crossentropy") || metric.endsWith("error")
                || Set.of("mae", "mse", "rmse", "mape", "msle", "hinge", "squared_hinge", "categorical_hinge", "kl_divergence",
                "poisson", "log_cosh", "logcosh", "huber").contains(metric)) {
            return true;
        }
        if (UP.contains(metric) || metric.endsWith("accuracy") || metric.startsWith("precision") || metric.startsWith("recall")
                || metric.startsWith("auc")) {
            return false;
        }
        throw new IllegalArgumentException(callback + " was given monitor=\"" + monitor + "\" but cannot tell whether it should be "
                + "maximized or minimized; pass mode(\"max\") to keep the highest value or mode(\"min\") the lowest");
    }

    /** The worst possible value: the starting "best". */
    double worst() { return minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY; }

    /** Whether {@code value} beats {@code reference} by more than {@code minDelta} (non-negative). */
    boolean improves(double value, double reference, double minDelta) {
        return minimize ? value + minDelta < reference : value - minDelta > reference;
    }

    /** The monitored value in {@code logs}, or null (with a warning naming what there is) when absent. */
    Double value(String callback, Map<String, Double> logs) {
        Double v = logs == null ? null : logs.get(name);
        if (v == null) {
            System.err.println("warning: " + callback + " is conditioned on metric '" + name + "', which is not available; available: "
                    + (logs == null ? "none" : String.join(", ", logs.keySet())));
        }
        return v;
    }
}
