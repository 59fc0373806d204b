package dev.myelin.metrics;

import dev.myelin.backend.UnaryOp;
import dev.myelin.backend.Backend;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code F1Score} (and F-beta) over the epoch, per class from per-class true positives,
 * false positives and false negatives of outputs {@code (N, C)}: {@code (1 + b^2) P R / (b^2 P + R)}
 * with Keras's epsilon guards. Without a threshold the largest output of each row is the prediction;
 * with one, every output above it. {@code average}: null (per class), {@code "micro"},
 * {@code "macro"}, {@code "weighted"} (by each class's label count). Logs take one number, so with
 * {@code average} null {@link #result()} is the mean over classes and {@link #perClass()} gives
 * Keras's per-class values.
 */
public final class F1Score extends Metric {
    private final String average;
    private final double beta;
    private final Float threshold;
    private float[][] last;

    /** Keras's defaults: per class, beta 1, the row maximum as the prediction. */
    public F1Score() {
        this(null, 1.0, null);
    }

    /** Every argument given; {@code threshold} null picks each row's largest output. */
    public F1Score(String average, double beta, Double threshold) {
        super("f1_score");
        if (average != null && !average.equals("micro") && !average.equals("macro") && !average.equals("weighted")) {
            throw new IllegalArgumentException("f1_score: average must be null, micro, macro or weighted, got " + average);
        }
        if (!(beta > 0)) throw new IllegalArgumentException("f1_score: beta must be positive, got " + beta);
        this.average = average == null ? null : average.toLowerCase(Locale.ROOT);
        this.beta = beta;
        this.threshold = threshold == null ? null : Thresholds.check("f1_score", threshold);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("average", average);
        c.put("beta", beta);
        c.put("threshold", threshold == null ? null : (double) threshold);
        return c;
    }

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() != 2) throw new IllegalArgumentException("f1_score expects outputs (batch, classes), got " + yPred.shape());
        Shape classes = Shape.of(yPred.dim(1));
        return new Shape[] {classes, classes, classes, classes};
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Backend be = yPred.backend();
        Tensor y = Predictions.sameShape(name(), yTrue, yPred);
        int n = yPred.dim(0), c = yPred.dim(1);
        Tensor predicted;
        if (threshold == null) { // the row's largest output, if it is not zero
            Tensor largest = be.oneHot(be.argmaxLastAxis(yPred), c);
            predicted = MetricMath.mul(largest, MetricMath.above(be.unary(UnaryOp.ABS, yPred), 1e-9f));
        } else {
            predicted = MetricMath.above(yPred, threshold);
        }
        Tensor w = sampleWeight == null ? null : MetricMath.perValue(MetricMath.weights(name(), sampleWeight, n), c);
        MetricMath.add(state[0], columnSums(MetricMath.mul(predicted, y), w));
        MetricMath.add(state[1], columnSums(MetricMath.mul(predicted, MetricMath.oneMinus(y)), w));
        MetricMath.add(state[2], columnSums(MetricMath.mul(MetricMath.oneMinus(predicted), y), w));
        MetricMath.add(state[3], columnSums(y, w));
    }

    private static Tensor columnSums(Tensor x, Tensor w) {
        return x.backend().sumToLastAxis(w == null ? x : MetricMath.mul(x, w));
    }

    @Override
    protected double result(float[][] state) {
        double[] f = scores(state);
        if ("weighted".equals(average)) {
            double total = 0, sum = 0;
            for (float v : state[3]) total += v;
            for (int i = 0; i < f.length; i++) sum += f[i] * state[3][i] / (total + Thresholds.EPSILON);
            return sum;
        }
        double mean = 0;
        for (double v : f) mean += v;
        return mean / f.length;
    }

    /** Keras's per-class F-scores (with {@code average} null), or the one averaged value; reads the device. */
    public double[] perClass() {
        result(); // refreshes last
        return last == null ? new double[0] : scores(last);
    }

    private double[] scores(float[][] state) {
        last = state;
        float[] tp = state[0], fp = state[1], fn = state[2];
        int classes = "micro".equals(average) ? 1 : tp.length;
        double[] f = new double[classes];
        double b2 = beta * beta;
        for (int i = 0; i < classes; i++) {
            double t = 0, p = 0, n = 0;
            if ("micro".equals(average)) {
                for (int j = 0; j < tp.length; j++) { t += tp[j]; p += fp[j]; n += fn[j]; }
            } else {
                t = tp[i]; p = fp[i]; n = fn[i];
            }
            double precision = t / (t + p + Thresholds.EPSILON), recall = t / (t + n + Thresholds.EPSILON);
            f[i] = (1 + b2) * precision * recall / (b2 * precision + recall + Thresholds.EPSILON);
        }
        return f;
    }
}
