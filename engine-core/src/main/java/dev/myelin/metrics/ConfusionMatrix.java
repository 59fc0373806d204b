package dev.myelin.metrics;

import java.util.Locale;

/**
 * A confusion matrix, as {@code sklearn.metrics.confusion_matrix} lays it out: row = true class,
 * column = predicted class. Built from class indices, or from model outputs (the largest output of
 * each row, or {@code > 0.5} for one output unit).
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /** From true and predicted class indices in {@code [0, classes)}; names the first sample out of range. */
    public static ConfusionMatrix of(int[] trueClasses, int[] predictedClasses, int classes) {
        if (trueClasses.length != predictedClasses.length) {
            throw new IllegalArgumentException("confusion matrix: " + trueClasses.length + " true classes but " + predictedClasses.length
                    + " predictions");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < trueClasses.length; i++) {
            int t = trueClasses[i], p = predictedClasses[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("confusion matrix: sample " + i + " has true class " + t + " and prediction " + p
                        + ", outside [0, " + classes + ")");
            }
            counts[t][p]++;
        }
        return new ConfusionMatrix(counts);
    }

    /**
     * From labels (one class index per sample) and model outputs stored row after row
     * ({@code predict}'s flat form): {@code outputs.length / labels.length} values per sample.
     */
    public static ConfusionMatrix fromOutputs(float[] labels, float[] outputs) {
        int n = labels.length;
        if (n == 0 || outputs.length % n != 0) {
            throw new IllegalArgumentException("confusion matrix: " + outputs.length + " outputs do not divide into " + n + " samples");
        }
        int width = outputs.length / n, classes = Math.max(2, width);
        int[] truth = new int[n], predicted = new int[n];
        for (int i = 0; i < n; i++) {
            if (labels[i] != Math.rint(labels[i])) {
                throw new IllegalArgumentException("confusion matrix: the label of sample " + i + " is " + labels[i] + ", not a class index");
            }
            truth[i] = (int) labels[i];
            predicted[i] = width == 1 ? (outputs[i] > 0.5f ? 1 : 0) : argmax(outputs, i * width, width);
        }
        return of(truth, predicted, classes);
    }

    private static int argmax(float[] v, int from, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) if (v[from + j] > v[from + best]) best = j;
        return best;
    }

    /** The count of samples of true class {@code trueClass} predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
        return c;
    }

    /** The number of classes. */
    public int classes() { return counts.length; }

    /** The matrix as aligned text, true classes down, predictions across. */
    @Override
    public String toString() {
        long max = 1;
        for (long[] row : counts) for (long v : row) max = Math.max(max, v);
        int w = Math.max(String.valueOf(max).length(), String.valueOf(counts.length - 1).length()) + 1;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%" + (w + 5) + "s", "pred"));
        for (int j = 0; j < counts.length; j++) b.append(String.format(Locale.ROOT, "%" + w + "d", j));
        for (int i = 0; i < counts.length; i++) {
            b.append('\n').append(String.format(Locale.ROOT, "true %" + w + "d", i));
            for (long v : counts[i]) b.append(String.format(Locale.ROOT, "%" + w + "d", v));
        }
        return b.toString();
    }
}
