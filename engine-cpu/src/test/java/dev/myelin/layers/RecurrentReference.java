package dev.myelin.layers;

import dev.myelin.backend.RecurrentCell;

/**
 * Keras's recurrent cells written out gate by gate in double precision, straight from the
 * equations in keras/src/layers/rnn/{simple_rnn,lstm,gru}.py: the reference the fused op is held
 * to. Weights are in Keras's layouts: kernel {@code (F, gates*H)}, recurrent kernel
 * {@code (H, gates*H)}, bias {@code (gates*H)}, or {@code (2, 3H)} for GRU (input bias, then
 * recurrent bias). Returns the output sequence {@code (N, T, H)} in the order the steps ran, then
 * the final {@code h} {@code (N, H)} and {@code c} {@code (N, H)} (zeros but for LSTM).
 */
final class RecurrentReference {
    private RecurrentReference() {}

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    static float[][] run(RecurrentCell cell, float[] x, int n, int steps, int f, int units, float[] w, float[] u, float[] bias,
                         boolean reverse, float[] mask) {
        return run(cell, true, x, n, steps, f, units, w, u, bias, reverse, mask);
    }

    /**
     * With {@code resetAfter} false (GRU only), Keras's {@code reset_after=False}: one bias
     * {@code (3H)}, and the candidate {@code tanh(x W_h + b_h + (r * h) U_h)}.
     */
    static float[][] run(RecurrentCell cell, boolean resetAfter, float[] x, int n, int steps, int f, int units, float[] w, float[] u,
                         float[] bias, boolean reverse, float[] mask) {
        int gates = cell.gates(), p = gates * units;
        float[] seq = new float[n * steps * units], hOut = new float[n * units], cOut = new float[n * units];
        for (int b = 0; b < n; b++) {
            double[] h = new double[units], c = new double[units];
            for (int s = 0; s < steps; s++) {
                int t = reverse ? steps - 1 - s : s;
                if (mask == null || mask[b * steps + t] != 0f) {
                    double[][] xw = new double[gates][units], hu = new double[gates][units];
                    for (int g = 0; g < gates; g++) {
                        for (int j = 0; j < units; j++) {
                            int col = g * units + j;
                            double a = bias == null ? 0 : bias[col];
                            for (int k = 0; k < f; k++) a += x[(b * steps + t) * f + k] * w[k * p + col];
                            double r = cell == RecurrentCell.GRU && resetAfter && bias != null ? bias[p + col] : 0;
                            for (int k = 0; k < units; k++) r += h[k] * u[k * p + col];
                            xw[g][j] = a;
                            hu[g][j] = r;
                        }
                    }
                    double[] next = new double[units];
                    for (int j = 0; j < units; j++) {
                        switch (cell) {
                            case SIMPLE_RNN -> next[j] = Math.tanh(xw[0][j] + hu[0][j]);
                            case LSTM -> {
                                double i = sigmoid(xw[0][j] + hu[0][j]), fg = sigmoid(xw[1][j] + hu[1][j]);
                                double cc = Math.tanh(xw[2][j] + hu[2][j]), o = sigmoid(xw[3][j] + hu[3][j]);
                                c[j] = fg * c[j] + i * cc;
                                next[j] = o * Math.tanh(c[j]);
                            }
                            case GRU -> {
                                double z = sigmoid(xw[0][j] + hu[0][j]), r = sigmoid(xw[1][j] + hu[1][j]);
                                double recurrentH = hu[2][j];
                                if (!resetAfter) {   // (r * h) U_h, with every unit's r
                                    recurrentH = 0;
                                    for (int k = 0; k < units; k++) {
                                        double rk = sigmoid(xw[1][k] + hu[1][k]);
                                        recurrentH += rk * h[k] * u[k * p + 2 * units + j];
                                    }
                                    r = 1;
                                }
                                double hh = Math.tanh(xw[2][j] + r * recurrentH);
                                next[j] = z * h[j] + (1 - z) * hh;
                            }
                        }
                    }
                    h = next;
                }
                for (int j = 0; j < units; j++) seq[(b * steps + s) * units + j] = (float) h[j];
            }
            for (int j = 0; j < units; j++) {
                hOut[b * units + j] = (float) h[j];
                cOut[b * units + j] = (float) c[j];
            }
        }
        return new float[][] {seq, hOut, cOut};
    }
}
