package dev.myelin.cpu;

import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Sgemm;

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
        GateActivation act = g.activation(), ract = g.recurrentActivation();
        for (int s = 0; s < steps; s++) {
            int t = g.timeOf(s);
            previousH(g, ws, h0, rdrop, s, hp);
            Sgemm.sgemm(false, n, 1f, hp, 0, h, packed, 0f, rec, 0, p);
            for (int b = 0; b < n; b++) {
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
                        for (int j = 0; j < h; j++) ws[row + j] = act.apply(xp[x + j] + rec[r + j]);
                    }
                    case LSTM -> {
                        float[] cSrc = s == 0 ? c0 : ws;
                        int cAt = s == 0 ? b * h : prev + h;
                        int gates = row + 2 * h;
                        for (int j = 0; j < h; j++) {
                            float i = ract.apply(xp[x + j] + rec[r + j]);
                            float f = ract.apply(xp[x + h + j] + rec[r + h + j]);
                            float cc = act.apply(xp[x + 2 * h + j] + rec[r + 2 * h + j]);
                            float o = ract.apply(xp[x + 3 * h + j] + rec[r + 3 * h + j]);
                            float c = f * cSrc[cAt + j] + i * cc;
                            ws[row + h + j] = c;
                            ws[row + j] = o * act.apply(c);
                            ws[gates + j] = i;
                            ws[gates + h + j] = f;
                            ws[gates + 2 * h + j] = cc;
                            ws[gates + 3 * h + j] = o;
                        }
                    }
                    case GRU -> {
                        int gates = row + h, rc = row + 4 * h;
                        for (int j = 0; j < h; j++) {
                            float z = ract.apply(xp[x + j] + rec[r + j] + (rb == null ? 0f : rb[j]));
                            float rr = ract.apply(xp[x + h + j] + rec[r + h + j] + (rb == null ? 0f : rb[h + j]));
                            float rh = rec[r + 2 * h + j] + (rb == null ? 0f : rb[2 * h + j]);
                            float hh = act.apply(xp[x + 2 * h + j] + rr * rh);
                            ws[row + j] = z * hSrc[hAt + j] + (1f - z) * hh;
                            ws[gates + j] = z;
                            ws[gates + h + j] = rr;
                            ws[gates + 2 * h + j] = hh;
                            ws[rc + j] = rh;
                        }
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
        GateActivation act = g.activation(), ract = g.recurrentActivation();
        float[] dRec = new float[n * p];
        float[] hp = new float[n * h];
        float[] dhRec = new float[n * h];
        float[] dh = dh0, dc = dc0;   // the carried gradients end as those of the initial states
        Arrays.fill(dh, 0, n * h, 0f);
        if (dc != null) Arrays.fill(dc, 0, n * h, 0f);
        Arrays.fill(du, 0, h * p, 0f);
        if (drb != null) Arrays.fill(drb, 0, p, 0f);
        for (int s = steps - 1; s >= 0; s--) {
            int t = g.timeOf(s);
            for (int b = 0; b < n; b++) {
                int row = (b * steps + s) * w, prev = (b * steps + s - 1) * w;
                int x = (b * steps + t) * p, r = b * p, k = b * h;
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
                        for (int j = 0; j < h; j++) {
                            float i = ws[gates + j], f = ws[gates + h + j], cc = ws[gates + 2 * h + j], o = ws[gates + 3 * h + j];
                            float tc = act.apply(ws[row + h + j]);
                            float dhj = dh[k + j];
                            float dcj = dc[k + j] + dhj * o * act.derivativeFromOutput(tc);
                            float dzi = dcj * cc * ract.derivativeFromOutput(i);
                            float dzf = dcj * cSrc[cAt + j] * ract.derivativeFromOutput(f);
                            float dzc = dcj * i * act.derivativeFromOutput(cc);
                            float dzo = dhj * tc * ract.derivativeFromOutput(o);
                            dxp[x + j] = dRec[r + j] = dzi;
                            dxp[x + h + j] = dRec[r + h + j] = dzf;
                            dxp[x + 2 * h + j] = dRec[r + 2 * h + j] = dzc;
                            dxp[x + 3 * h + j] = dRec[r + 3 * h + j] = dzo;
                            dc[k + j] = dcj * f;
                            dh[k + j] = 0f;
                        }
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
            previousH(g, ws, h0, rdrop, s, hp);
            Sgemm.sgemm(true, false, h, p, n, 1f, hp, 0, h, dRec, 0, p, 1f, du, 0, p);
            if (drb != null) {
                for (int b = 0; b < n; b++) for (int j = 0; j < p; j++) drb[j] += dRec[b * p + j];
            }
            Sgemm.sgemm(false, n, 1f, dRec, 0, p, packedT, 0f, dhRec, 0, h);
            for (int i = 0; i < n * h; i++) dh[i] += rdrop == null ? dhRec[i] : dhRec[i] * rdrop[i];
        }
    }

    /** The state entering step {@code s}, times the recurrent dropout mask, as a contiguous {@code (N, units)} block. */
    private static void previousH(RecurrentGeometry g, float[] ws, float[] h0, float[] rdrop, int s, float[] hp) {
        int n = g.batch(), h = g.units(), steps = g.steps(), w = g.width();
        for (int b = 0; b < n; b++) {
            if (s == 0) System.arraycopy(h0, b * h, hp, b * h, h);
            else System.arraycopy(ws, (b * steps + s - 1) * w, hp, b * h, h);
        }
        if (rdrop != null) for (int i = 0; i < n * h; i++) hp[i] *= rdrop[i];
    }
}
