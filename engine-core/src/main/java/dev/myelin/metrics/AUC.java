package dev.myelin.metrics;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code AUC}: the area under the ROC or precision-recall curve over the epoch, from true and
 * false positive and negative counts at {@code numThresholds} thresholds (default 200, evenly spaced
 * with {@code -1e-7} and {@code 1 + 1e-7} at the ends), summed by Keras's {@code interpolation}
 * (trapezoids for ROC; Davis and Goadrich's interpolation for PR), {@code minoring} or
 * {@code majoring}. Every output value is one decision; labels count as positive when nonzero. The
 * counts at all thresholds come from two small matrix products per batch, on the device.
 */
public final class AUC extends Metric {
    private final int numThresholds;
    private final String curve;
    private final String summation;
    private final boolean fromLogits;
    private final float[] thresholds;
    private Tensor thresholdRow;

    /** Keras's defaults: ROC, 200 thresholds, interpolation, probabilities. */
    public AUC() {
        this(200, "ROC", "interpolation", false);
    }

    /** Every argument given: {@code curve} ROC or PR, {@code summation} interpolation, minoring or majoring. */
    public AUC(int numThresholds, String curve, String summation, boolean fromLogits) {
        super("auc");
        if (numThresholds < 2) throw new IllegalArgumentException("auc: needs at least 2 thresholds, got " + numThresholds);
        this.curve = curve.toUpperCase(Locale.ROOT);
        if (!this.curve.equals("ROC") && !this.curve.equals("PR")) throw new IllegalArgumentException("auc: curve must be ROC or PR, got " + curve);
        this.summation = summation.toLowerCase(Locale.ROOT);
        if (!this.summation.equals("interpolation") && !this.summation.equals("minoring") && !this.summation.equals("majoring")) {
            throw new IllegalArgumentException("auc: summation must be interpolation, minoring or majoring, got " + summation);
        }
        this.numThresholds = numThresholds;
        this.fromLogits = fromLogits;
        this.thresholds = Thresholds.evenlySpaced(numThresholds);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve);
        c.put("summation_method", summation);
        c.put("from_logits", fromLogits);
        return c;
    }

    /** The thresholds, Keras's {@code auc.thresholds}. */
    public float[] thresholds() { return thresholds.clone(); }

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        Shape t = Shape.of(1, numThresholds);
        return new Shape[] {t, t, t, t}; // tp, fp, tn, fn
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Backend be = yPred.backend();
        Tensor p = fromLogits ? be.activation(ActivationKind.SIGMOID, 0f, yPred) : yPred;
        ConfusionCounts c = ConfusionCounts.of(name(), yTrue, p, sampleWeight, null);
        int m = (int) c.predictions().size();
        if (thresholdRow == null) { // uploaded once: a step copies nothing from the host
            try (Scope outside = Scope.open()) {
                thresholdRow = Scope.escape(be.fromArray(Shape.of(1, numThresholds), thresholds, 0));
            }
        }
        // (M, T) matrices of predictions and thresholds, then positive where prediction > threshold
        Tensor predictions = be.broadcastLastAxis(c.predictions(), numThresholds);
        Tensor grid = be.matmul(be.full(Shape.of(m, 1), 1f), false, thresholdRow, false);
        Tensor above = MetricMath.positive(MetricMath.sub(predictions, grid));
        Tensor positiveWeights = MetricMath.mul(c.positives(), c.weights()).view(Shape.of(1, m));
        Tensor negativeWeights = MetricMath.mul(MetricMath.oneMinus(c.positives()), c.weights()).view(Shape.of(1, m));
        Tensor tp = be.matmul(positiveWeights, false, above, false);
        Tensor fp = be.matmul(negativeWeights, false, above, false);
        MetricMath.add(state[0], tp);
        MetricMath.add(state[1], fp);
        MetricMath.add(state[2], be.binary(BinaryOp.SUB, MetricMath.sum(negativeWeights), fp));
        MetricMath.add(state[3], be.binary(BinaryOp.SUB, MetricMath.sum(positiveWeights), tp));
    }

    @Override
    protected double result(float[][] s) {
        float[] tp = s[0], fp = s[1], tn = s[2], fn = s[3];
        int n = numThresholds;
        if (curve.equals("PR") && summation.equals("interpolation")) return interpolatedPrAuc(tp, fp, fn);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double recall = divideNoNan(tp[i], tp[i] + fn[i]);
            if (curve.equals("ROC")) {
                x[i] = divideNoNan(fp[i], fp[i] + tn[i]);
                y[i] = recall;
            } else {
                x[i] = recall;
                y[i] = divideNoNan(tp[i], tp[i] + fp[i]);
            }
        }
        double area = 0;
        for (int i = 0; i < n - 1; i++) {
            double height = switch (summation) {
                case "interpolation" -> (y[i] + y[i + 1]) / 2;
                case "minoring" -> Math.min(y[i], y[i + 1]);
                default -> Math.max(y[i], y[i + 1]);
            };
            area += (x[i] - x[i + 1]) * height;
        }
        return area;
    }

    /** Keras's {@code interpolate_pr_auc} (Davis and Goadrich, 2006): precision interpolated between thresholds. */
    private double interpolatedPrAuc(float[] tp, float[] fp, float[] fn) {
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double dtp = tp[i] - tp[i + 1];
            double p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
            double dp = p0 - p1;
            double slope = divideNoNan(dtp, Math.max(dp, 0));
            double intercept = tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1;
            area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
        }
        return area;
    }

    private static double divideNoNan(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    @Override
    public void close() {
        super.close();
        if (thresholdRow != null) thresholdRow.close();
        thresholdRow = null;
    }
}
