package dev.myelin.cpu;

import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.cpu.kernel.GateKernels;
import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.cpu.kernel.Vectorization;

import java.util.Arrays;

/**
 * A recurrent layer over a whole sequence on float arrays (workspace layout in
 * {@link RecurrentGeometry}). Each step is one product of the previous state with the recurrent
 * kernel, packed once for all steps, and one pass of gate arithmetic; the backward walks the steps
 * in reverse with two products per step (the state's gradient and the kernel's).
 */
final class CpuRecurrent {
    private CpuRecurrent() {}

    /** Fills {@code ws} {@code (N, T, width)}; {@code rb}, {@code c0}, {@code mask}, {@code rdrop} may be null. */
    static void forward(RecurrentGeometry g, float[] xp, float[] u, float[] rb, float[] h0, float[] c0, float[] mask, float[] rdrop,
                        float[] ws) {
        int n = g.batch(), steps = g.steps(), h = g.units(), p = g.projection(), w = g.width();
        PackedB packed = Sgemm.packB(false, h, p, u, 0, p, new float[Sgemm.packedSize(h, p)]);
        float[] rec = new float[n * p];
        float[] hp = new float[n * h];
        for (int s = 0; s < steps; s++) {
            int t = g.timeOf(s);
            previousH(g, ws, h0, rdrop, s, hp, 0);
            Sgemm.sgemm(false, n, 1f, hp, 0, h, packed, 0f, rec, 0, p);
            int step = s;
            Parallel.forRange(n, rowsPerTask(h), (from, to) -> forwardRows(g, xp, rb, h0, c0, mask, ws, rec, step, t, from, to));
        }
    }

    /**
     * Batch rows per task: about 1024 units, some 20 microseconds of gate arithmetic (a few exp
     * each), so that a batch of 64 rows of 32 units splits in two.
     */
    private static int rowsPerTask(int units) {
        return Math.max(1, 1024 / units);
    }

    /**
     * The gate arithmetic of step {@code s} for batch rows {@code [from, to)}: pre-activations summed
     * into {@code rec}'s rows, then activated a run at a time by the {@link GateKernels}.
     */
    private static void forwardRows(RecurrentGeometry g, float[] xp, float[] rb, float[] h0, float[] c0, float[] mask, float[] ws,
                                    float[] rec, int s, int t, int from, int to) {
        int steps = g.steps(), h = g.units(), p = g.projection(), w = g.width();
        GateActivation act = g.activation(), ract = g.recurrentActivation();
        GateKernels k = Vectorization.gateKernels();
        for (int b = from; b < to; b++) {
            int row = (b * steps + s) * w;
            int prev = (b * steps + s - 1) * w;
            float[] hSrc = s == 0 ? h0 : ws;
            int hAt = s == 0 ? b * h : prev;
            if (mask != null && mask[b * steps + t] == 0f) {
                Arrays.fill(ws, row, row + w, 0f);
                System.arraycopy(hSrc, hAt, ws, row, h);
                if (g.hasCellState()) System.arraycopy(s == 0 ? c0 : ws, s == 0 ? b * h : prev + h, ws, row + h, h);
                continue;
            }
            int x = (b * steps + t) * p, r = b * p;
            switch (g.cell()) {
                case SIMPLE_RNN -> {
                    for (int j = 0; j < h; j++) rec[r + j] += xp[x + j];
                    k.apply(act, rec, r, ws, row, h);
                }
                case LSTM -> {
                    float[] cSrc = s == 0 ? c0 : ws;
                    int cAt = s == 0 ? b * h : prev + h, gates = row + 2 * h;
                    for (int j = 0; j < p; j++) rec[r + j] += xp[x + j];
                    k.apply(ract, rec, r, ws, gates, 2 * h);                     // i, f
                    k.apply(act, rec, r + 2 * h, ws, gates + 2 * h, h);           // c~
                    k.apply(ract, rec, r + 3 * h, ws, gates + 3 * h, h);          // o
                    for (int j = 0; j < h; j++) ws[row + h + j] = ws[gates + h + j] * cSrc[cAt + j] + ws[gates + j] * ws[gates + 2 * h + j];
                    k.apply(act, ws, row + h, ws, row, h);                       // act(c), then times o
                    for (int j = 0; j < h; j++) ws[row + j] *= ws[gates + 3 * h + j];
                }
                case GRU -> {
                    int gates = row + h, rc = row + 4 * h;
                    for (int j = 0; j < 2 * h; j++) rec[r + j] += xp[x + j] + (rb == null ? 0f : rb[j]);
                    k.apply(ract, rec, r, ws, gates, 2 * h);                     // z, r
                    for (int j = 0; j < h; j++) {
                        float rh = rec[r + 2 * h + j] + (rb == null ? 0f : rb[2 * h + j]);
                        ws[rc + j] = rh;
                        rec[r + 2 * h + j] = xp[x + 2 * h + j] + ws[gates + h + j] * rh;
                    }
                    k.apply(act, rec, r + 2 * h, ws, gates + 2 * h, h);           // h~
                    for (int j = 0; j < h; j++) {
                        float z = ws[gates + j];
                        ws[row + j] = z * hSrc[hAt + j] + (1f - z) * ws[gates + 2 * h + j];
                    }
                }
            }
        }
    }

    /**
     * Backpropagation through time. Fills {@code dxp} {@code (N, T, projection)}, {@code du},
     * {@code drb} (GRU, else null), {@code dh0}, {@code dc0} (LSTM, else null).
     */
    static void backward(RecurrentGeometry g, float[] u, float[] h0, float[] c0, float[] mask, float[] rdrop, float[] ws, float[] dws,
                         float[] dxp, float[] du, float[] drb, float[] dh0, float[] dc0) {
        int n = g.batch(), steps = g.steps(), h = g.units(), p = g.projection(), w = g.width();
        PackedB packedT = Sgemm.packB(true, p, h, u, 0, p, new float[Sgemm.packedSize(p, h)]);
        float[] dRec = new float[steps * n * p];   // step s's (n, p) block at s * n * p: one product for du at the end
        float[] dhRec = new float[n * h];
        float[] dh = dh0, dc = dc0;   // the carried gradients end as those of the initial states
        Arrays.fill(dh, 0, n * h, 0f);
        if (dc != null) Arrays.fill(dc, 0, n * h, 0f);
        for (int s = steps - 1; s >= 0; s--) {
            int t = g.timeOf(s), step = s, block = s * n * p;
            Parallel.forRange(n, rowsPerTask(h), (from, to) -> backwardRows(g, h0, c0, mask, ws, dws, dxp, dRec, block, dh, dc, step, t, from, to));
            Sgemm.sgemm(false, n, 1f, dRec, block, p, packedT, 0f, dhRec, 0, h);
            for (int i = 0; i < n * h; i++) dh[i] += rdrop == null ? dhRec[i] : dhRec[i] * rdrop[i];
        }
        float[] hp = new float[steps * n * h];
        for (int s = 0; s < steps; s++) previousH(g, ws, h0, rdrop, s, hp, s * n * h);
        Sgemm.sgemm(true, false, h, p, steps * n, 1f, hp, 0, h, dRec, 0, p, 0f, du, 0, p);
        if (drb != null) {
            Arrays.fill(drb, 0, p, 0f);
            for (int i = 0; i < steps * n; i++) for (int j = 0; j < p; j++) drb[j] += dRec[i * p + j];
        }
    }

    /** The gate arithmetic of the backward of step {@code s} for batch rows {@code [from, to)}. */
    private static void backwardRows(RecurrentGeometry g, float[] h0, float[] c0, float[] mask, float[] ws, float[] dws, float[] dxp,
                                     float[] dRec, int block, float[] dh, float[] dc, int s, int t, int from, int to) {
        int steps = g.steps(), h = g.units(), p = g.projection(), w = g.width();
        GateActivation act = g.activation(), ract = g.recurrentActivation();
        float[] tanhC = g.hasCellState() ? new float[h] : null;
        {
            for (int b = from; b < to; b++) {
                int row = (b * steps + s) * w, prev = (b * steps + s - 1) * w;
                int x = (b * steps + t) * p, r = block + b * p, k = b * h;
                for (int j = 0; j < h; j++) dh[k + j] += dws[row + j];
                if (dc != null) for (int j = 0; j < h; j++) dc[k + j] += dws[row + h + j];
                if (mask != null && mask[b * steps + t] == 0f) {
                    Arrays.fill(dxp, x, x + p, 0f);
                    Arrays.fill(dRec, r, r + p, 0f);
                    continue;   // the state passed through: its gradient does too
                }
                switch (g.cell()) {
                    case SIMPLE_RNN -> {
                        for (int j = 0; j < h; j++) {
                            float d = dh[k + j] * act.derivativeFromOutput(ws[row + j]);
                            dxp[x + j] = d;
                            dRec[r + j] = d;
                            dh[k + j] = 0f;
                        }
                    }
                    case LSTM -> {
                        float[] cSrc = s == 0 ? c0 : ws;
                        int cAt = s == 0 ? k : prev + h;
                        int gates = row + 2 * h;
                        Vectorization.gateKernels().apply(act, ws, row + h, tanhC, 0, h);
                        boolean keras = act == GateActivation.TANH && ract == GateActivation.SIGMOID;
                        for (int j = 0; j < h; j++) {
                            float i = ws[gates + j], f = ws[gates + h + j], cc = ws[gates + 2 * h + j], o = ws[gates + 3 * h + j];
                            float tc = tanhC[j];
                            float dhj = dh[k + j];
                            // Keras's activations spelled out: the derivative calls are a switch each, in the hottest loop.
                            float dcj = dc[k + j] + dhj * o * (keras ? 1f - tc * tc : act.derivativeFromOutput(tc));
                            dRec[r + j] = dcj * cc * (keras ? i * (1f - i) : ract.derivativeFromOutput(i));
                            dRec[r + h + j] = dcj * cSrc[cAt + j] * (keras ? f * (1f - f) : ract.derivativeFromOutput(f));
                            dRec[r + 2 * h + j] = dcj * i * (keras ? 1f - cc * cc : act.derivativeFromOutput(cc));
                            dRec[r + 3 * h + j] = dhj * tc * (keras ? o * (1f - o) : ract.derivativeFromOutput(o));
                            dc[k + j] = dcj * f;
                            dh[k + j] = 0f;
                        }
                        System.arraycopy(dRec, r, dxp, x, p);
                    }
                    case GRU -> {
                        float[] hSrc = s == 0 ? h0 : ws;
                        int hAt = s == 0 ? k : prev;
                        int gates = row + h, rc = row + 4 * h;
                        for (int j = 0; j < h; j++) {
                            float z = ws[gates + j], rr = ws[gates + h + j], hh = ws[gates + 2 * h + j], rh = ws[rc + j];
                            float dhj = dh[k + j];
                            float dzPre = dhj * (hSrc[hAt + j] - hh) * ract.derivativeFromOutput(z);
                            float dhhPre = dhj * (1f - z) * act.derivativeFromOutput(hh);
                            float drPre = dhhPre * rh * ract.derivativeFromOutput(rr);
                            dxp[x + j] = dRec[r + j] = dzPre;
                            dxp[x + h + j] = dRec[r + h + j] = drPre;
                            dxp[x + 2 * h + j] = dhhPre;
                            dRec[r + 2 * h + j] = dhhPre * rr;
                            dh[k + j] = dhj * z;
                        }
                    }
                }
            }
        }
    }

    /** The state entering step {@code s}, times the recurrent dropout mask, as a contiguous {@code (N, units)} block at {@code at}. */
    private static void previousH(RecurrentGeometry g, float[] ws, float[] h0, float[] rdrop, int s, float[] hp, int at) {
        int n = g.batch(), h = g.units(), steps = g.steps(), w = g.width();
        for (int b = 0; b < n; b++) {
            if (s == 0) System.arraycopy(h0, b * h, hp, at + b * h, h);
            else System.arraycopy(ws, (b * steps + s - 1) * w, hp, at + b * h, h);
        }
        if (rdrop != null) for (int i = 0; i < n * h; i++) hp[at + i] *= rdrop[i];
    }
}
