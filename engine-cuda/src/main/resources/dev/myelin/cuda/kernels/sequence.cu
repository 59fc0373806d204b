// Sequence kernels: row gathers (embeddings, time re-indexing), axis copies, and the per-step gate
// arithmetic of the fused recurrent layer (the products with the recurrent kernel are cuBLAS calls
// between these launches). The workspace layout is RecurrentGeometry's: per (batch, step) row,
// h at 0, LSTM's c at units, the activated gates after, GRU's recurrent candidate at 4 * units.

#define GATE_LINEAR 0
#define GATE_TANH 1
#define GATE_SIGMOID 2
#define GATE_RELU 3
#define GATE_HARD_SIGMOID 4

#define CELL_SIMPLE_RNN 0
#define CELL_LSTM 1
#define CELL_GRU 2

__device__ float gate_apply(int kind, float x) {
    switch (kind) {
        case GATE_TANH: return tanhf(x);
        case GATE_SIGMOID: return 1.0f / (1.0f + expf(-x));
        case GATE_RELU: return fmaxf(x, 0.0f);
        case GATE_HARD_SIGMOID: return fminf(fmaxf(x / 6.0f + 0.5f, 0.0f), 1.0f);
        default: return x;
    }
}

// The derivative written with the activation's output y.
__device__ float gate_grad(int kind, float y) {
    switch (kind) {
        case GATE_TANH: return 1.0f - y * y;
        case GATE_SIGMOID: return y * (1.0f - y);
        case GATE_RELU: return y > 0.0f ? 1.0f : 0.0f;
        case GATE_HARD_SIGMOID: return (y > 0.0f && y < 1.0f) ? 1.0f / 6.0f : 0.0f;
        default: return 1.0f;
    }
}

__device__ int cell_gates(int cell) {
    return cell == CELL_LSTM ? 4 : (cell == CELL_GRU ? 3 : 1);
}

// y (batch, m, d) = rows of table (batch, rows, d) at idx (batch or 1, m); zeros outside [0, rows).
extern "C" __global__ void gather_rows(const float* table, const float* idx, int shared, float* y, int rows, int m, int d, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int bm = i / d, k = i % d;
        int b = bm / m, j = bm % m;
        int row = (int) idx[shared ? j : bm];
        y[i] = (row >= 0 && row < rows) ? table[((long long) b * rows + row) * d + k] : 0.0f;
    }
}

// dt (batch, rows, d), zeroed before, gets each row of dy (batch, m, d) added at its index.
extern "C" __global__ void gather_rows_backward(const float* idx, int shared, const float* dy, float* dt, int rows, int m, int d, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int bm = i / d, k = i % d;
        int b = bm / m, j = bm % m;
        int row = (int) idx[shared ? j : bm];
        if (row >= 0 && row < rows) atomicAdd(&dt[((long long) b * rows + row) * d + k], dy[i]);
    }
}

// Copies length positions of the middle axis of (outer, srcLen, inner) into (outer, dstLen, inner).
extern "C" __global__ void copy_axis(const float* src, int srcLen, int srcStart, float* dst, int dstLen, int dstStart, int inner,
                                     int length, int n) {
    long long run = (long long) length * inner;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        long long o = i / run, rem = i % run;
        dst[(o * dstLen + dstStart) * inner + rem] = src[(o * srcLen + srcStart) * inner + rem];
    }
}

// hp (count, batch, units): for each of count steps from s0, the state entering it, times the
// recurrent dropout mask when there is one (rdrop null otherwise).
extern "C" __global__ void rnn_previous_h(const float* ws, const float* h0, const float* rdrop, float* hp, int s0, int batch,
                                          int steps, int units, int width, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int j = i % units, b = (i / units) % batch, s = s0 + i / (units * batch);
        float v = s == 0 ? h0[b * units + j] : ws[((long long) b * steps + s - 1) * width + j];
        hp[i] = rdrop ? v * rdrop[b * units + j] : v;
    }
}

// One step of the forward, one thread per (batch, unit): rec (batch, projection) is h_prev U.
extern "C" __global__ void rnn_forward_step(int cell, int act, int ract, const float* xp, const float* rec, const float* rb,
                                            const float* h0, const float* c0, const float* mask, float* ws, int s, int t,
                                            int steps, int units, int width, int n) {
    int p = cell_gates(cell) * units;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int b = i / units, j = i % units;
        float* row = ws + ((long long) b * steps + s) * width;
        const float* prev = row - width;
        float hprev = s == 0 ? h0[b * units + j] : prev[j];
        const float* x = xp + ((long long) b * steps + t) * p;
        const float* r = rec + (long long) b * p;
        if (mask && mask[(long long) b * steps + t] == 0.0f) {
            row[j] = hprev;
            if (cell == CELL_LSTM) {
                row[units + j] = s == 0 ? c0[b * units + j] : prev[units + j];
                for (int g = 0; g < 4; g++) row[2 * units + g * units + j] = 0.0f;
            } else if (cell == CELL_GRU) {
                for (int g = 0; g < 4; g++) row[units + g * units + j] = 0.0f;
            }
            continue;
        }
        if (cell == CELL_SIMPLE_RNN) {
            row[j] = gate_apply(act, x[j] + r[j]);
        } else if (cell == CELL_LSTM) {
            float cprev = s == 0 ? c0[b * units + j] : prev[units + j];
            float ig = gate_apply(ract, x[j] + r[j]);
            float fg = gate_apply(ract, x[units + j] + r[units + j]);
            float cc = gate_apply(act, x[2 * units + j] + r[2 * units + j]);
            float og = gate_apply(ract, x[3 * units + j] + r[3 * units + j]);
            float c = fg * cprev + ig * cc;
            row[units + j] = c;
            row[j] = og * gate_apply(act, c);
            float* gates = row + 2 * units;
            gates[j] = ig;
            gates[units + j] = fg;
            gates[2 * units + j] = cc;
            gates[3 * units + j] = og;
        } else {
            float z = gate_apply(ract, x[j] + r[j] + (rb ? rb[j] : 0.0f));
            float rr = gate_apply(ract, x[units + j] + r[units + j] + (rb ? rb[units + j] : 0.0f));
            float rh = r[2 * units + j] + (rb ? rb[2 * units + j] : 0.0f);
            float hh = gate_apply(act, x[2 * units + j] + rr * rh);
            row[j] = z * hprev + (1.0f - z) * hh;
            float* gates = row + units;
            gates[j] = z;
            gates[units + j] = rr;
            gates[2 * units + j] = hh;
            row[4 * units + j] = rh;
        }
    }
}

// One step of backpropagation through time, one thread per (batch, unit). dh, dc (batch, units)
// carry the state gradients; dhRec (batch, units) is the previous launch's (dRec U^T), added here
// times the recurrent dropout mask (dhRec null on the first launch, rdrop null without dropout).
// Writes dxp at time t and drec (batch, projection) for step s.
extern "C" __global__ void rnn_backward_step(int cell, int act, int ract, const float* ws, const float* dws, const float* h0,
                                             const float* c0, const float* mask, const float* dhRec, const float* rdrop, float* dh,
                                             float* dc, float* dxp, float* drec, int s, int t, int steps, int units, int width,
                                             int n) {
    int p = cell_gates(cell) * units;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int b = i / units, j = i % units;
        const float* row = ws + ((long long) b * steps + s) * width;
        const float* drow = dws + ((long long) b * steps + s) * width;
        const float* prev = row - width;
        float* dx = dxp + ((long long) b * steps + t) * p;
        float* dr = drec + (long long) b * p;
        float dhj = dh[i] + drow[j];
        if (dhRec) dhj += rdrop ? dhRec[i] * rdrop[i] : dhRec[i];
        float dcj = cell == CELL_LSTM ? dc[i] + drow[units + j] : 0.0f;
        int gates = cell_gates(cell);
        if (mask && mask[(long long) b * steps + t] == 0.0f) {
            for (int g = 0; g < gates; g++) { dx[g * units + j] = 0.0f; dr[g * units + j] = 0.0f; }
            dh[i] = dhj;
            if (cell == CELL_LSTM) dc[i] = dcj;
            continue;
        }
        if (cell == CELL_SIMPLE_RNN) {
            float d = dhj * gate_grad(act, row[j]);
            dx[j] = d;
            dr[j] = d;
            dh[i] = 0.0f;
        } else if (cell == CELL_LSTM) {
            const float* g = row + 2 * units;
            float ig = g[j], fg = g[units + j], cc = g[2 * units + j], og = g[3 * units + j];
            float cprev = s == 0 ? c0[b * units + j] : prev[units + j];
            float tc = gate_apply(act, row[units + j]);
            dcj += dhj * og * gate_grad(act, tc);
            float dzi = dcj * cc * gate_grad(ract, ig);
            float dzf = dcj * cprev * gate_grad(ract, fg);
            float dzc = dcj * ig * gate_grad(act, cc);
            float dzo = dhj * tc * gate_grad(ract, og);
            dx[j] = dr[j] = dzi;
            dx[units + j] = dr[units + j] = dzf;
            dx[2 * units + j] = dr[2 * units + j] = dzc;
            dx[3 * units + j] = dr[3 * units + j] = dzo;
            dc[i] = dcj * fg;
            dh[i] = 0.0f;
        } else {
            const float* g = row + units;
            float z = g[j], rr = g[units + j], hh = g[2 * units + j], rh = row[4 * units + j];
            float hprev = s == 0 ? h0[b * units + j] : prev[j];
            float dzPre = dhj * (hprev - hh) * gate_grad(ract, z);
            float dhhPre = dhj * (1.0f - z) * gate_grad(act, hh);
            float drPre = dhhPre * rh * gate_grad(ract, rr);
            dx[j] = dr[j] = dzPre;
            dx[units + j] = dr[units + j] = drPre;
            dx[2 * units + j] = dhhPre;
            dr[2 * units + j] = dhhPre * rr;
            dh[i] = dhj * z;
        }
    }
}

// dh += dhRec * rdrop (rdrop null without dropout): the last step's recurrent gradient, into dh0.
extern "C" __global__ void rnn_add_recurrent_grad(float* dh, const float* dhRec, const float* rdrop, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        dh[i] += rdrop ? dhRec[i] * rdrop[i] : dhRec[i];
    }
}
