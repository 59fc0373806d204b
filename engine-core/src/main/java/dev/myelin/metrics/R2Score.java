package dev.myelin.metrics;

import dev.myelin.backend.Backend;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code R2Score}, the coefficient of determination over the epoch, per output
 * {@code 1 - sum((y - p)^2) / sum((y - mean(y))^2)} (weighted), aggregated by
 * {@code "uniform_average"} (default) or {@code "variance_weighted_average"}; with
 * {@code numRegressors > 0} the adjusted R2.
 */
public final class R2Score extends Metric {
    private final String aggregation;
    private final int numRegressors;

    /** Keras's defaults: uniform average, no adjustment. */
    public R2Score() {
        this("uniform_average", 0);
    }

    /** Every argument given. */
    public R2Score(String classAggregation, int numRegressors) {
        super("r2_score");
        if (!"uniform_average".equals(classAggregation) && !"variance_weighted_average".equals(classAggregation)) {
            throw new IllegalArgumentException("r2_score: class aggregation must be uniform_average or variance_weighted_average, got "
                    + classAggregation);
        }
        if (numRegressors < 0) throw new IllegalArgumentException("r2_score: num_regressors must be at least 0, got " + numRegressors);
        this.aggregation = classAggregation;
        this.numRegressors = numRegressors;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("class_aggregation", aggregation);
        c.put("num_regressors", numRegressors);
        return c;
    }

    private static Tensor rows(Tensor t) {
        return MetricMath.rows(t);
    }

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        Shape outputs = Shape.of(rows(yPred).dim(1));
        return new Shape[] {outputs, outputs, outputs, outputs, Shape.SCALAR}; // sum, squared sum, residuals, count, samples
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Backend be = yPred.backend();
        Tensor p = rows(yPred), y = rows(Predictions.sameShape(name(), yTrue, yPred));
        int n = p.dim(0), d = p.dim(1);
        Tensor w = sampleWeight == null ? be.full(Shape.of(n), 1f) : MetricMath.weights(name(), sampleWeight, n);
        Tensor wide = MetricMath.perValue(w, d);
        Tensor weightedY = MetricMath.mul(y, wide);
        MetricMath.add(state[0], be.sumToLastAxis(weightedY));
        MetricMath.add(state[1], be.sumToLastAxis(MetricMath.mul(y, weightedY)));
        MetricMath.add(state[2], be.sumToLastAxis(MetricMath.mul(be.unary(UnaryOp.SQUARE, MetricMath.sub(y, p)), wide)));
        MetricMath.add(state[3], be.sumToLastAxis(wide));
        MetricMath.add(state[4], MetricMath.sum(be.unary(UnaryOp.SIGN, be.unary(UnaryOp.ABS, w))));
    }

    @Override
    protected double result(float[][] s) {
        int d = s[0].length;
        double[] raw = new double[d], total = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = s[0][j] / (double) s[3][j];
            total[j] = s[1][j] - s[0][j] * mean;
            raw[j] = 1 - s[2][j] / total[j];
            if (Double.isInfinite(raw[j])) raw[j] = 0; // Keras: a constant target scores 0
        }
        double r2 = 0;
        if (aggregation.equals("uniform_average")) {
            for (double v : raw) r2 += v / d;
        } else {
            double weights = 0;
            for (int j = 0; j < d; j++) {
                r2 += total[j] * raw[j];
                weights += total[j];
            }
            r2 /= weights;
        }
        double samples = s[4][0];
        if (numRegressors != 0 && numRegressors < samples - 1) r2 = 1 - (1 - r2) * (samples - 1) / (samples - numRegressors - 1);
        return r2;
    }
}
