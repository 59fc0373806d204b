package dev.myelin.data;

import java.util.Arrays;

/**
 * scikit-learn's {@code train_test_split} for rows of features and one target per row:
 * {@code var s = TrainTestSplit.of(x, y, 0.2, 42); model.fit(s.xTrain(), s.yTrain(), ...)}.
 * {@code ceil(testFraction * rows)} rows drawn at random from {@code seed} become the test set; the
 * same seed always draws the same rows. Rows are shared with the input arrays, not copied.
 */
public record TrainTestSplit(float[][] xTrain, float[] yTrain, float[][] xTest, float[] yTest) {

    /** Splits {@code x} and {@code y} (one target per row) at random, reproducibly from {@code seed}. */
    public static TrainTestSplit of(float[][] x, float[] y, double testFraction, long seed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("train/test split: " + x.length + " rows of features but " + y.length + " targets");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int n = x.length, test = (int) Math.ceil(testFraction * n);
        if (test >= n) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + n + " rows leaves no training rows");
        }
        int[] order = Batches.order(n, true, seed);
        int[] testRows = Arrays.copyOfRange(order, 0, test), trainRows = Arrays.copyOfRange(order, test, n);
        return new TrainTestSplit(rows(x, trainRows), values(y, trainRows), rows(x, testRows), values(y, testRows));
    }

    private static float[][] rows(float[][] x, int[] pick) {
        float[][] out = new float[pick.length][];
        for (int i = 0; i < pick.length; i++) out[i] = x[pick[i]];
        return out;
    }

    private static float[] values(float[] y, int[] pick) {
        float[] out = new float[pick.length];
        for (int i = 0; i < pick.length; i++) out[i] = y[pick[i]];
        return out;
    }
}
