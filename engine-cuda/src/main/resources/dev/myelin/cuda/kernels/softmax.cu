// Softmax family and the fused losses: one thread per row of a (rows, channels) matrix; every
// exponent is taken of x - max(row), so any logits are safe (log-sum-exp).

__device__ float row_max(const float* x, int c) {
    float m = x[0];
    for (int j = 1; j < c; j++) m = fmaxf(m, x[j]);
    return m;
}

// log(sum(exp(x - max))) + max
__device__ float row_log_sum_exp(const float* x, int c) {
    float m = row_max(x, c);
    float s = 0.0f;
    for (int j = 0; j < c; j++) s += expf(x[j] - m);
    return m + logf(s);
}

// A 64-bit index: r + stride would overflow an int when rows is near 2^31.
#define FOR_ROWS(r, rows) for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < (rows); r += (long long) blockDim.x * gridDim.x)

extern "C" __global__ void softmax_rows(const float* x, float* y, int c, int rows) {
    FOR_ROWS(r, rows) {
        const float* in = x + (long long) r * c;
        float* out = y + (long long) r * c;
        float m = row_max(in, c), s = 0.0f;
        for (int j = 0; j < c; j++) { out[j] = expf(in[j] - m); s += out[j]; }
        for (int j = 0; j < c; j++) out[j] = out[j] / s;
    }
}

extern "C" __global__ void log_softmax_rows(const float* x, float* y, int c, int rows) {
    FOR_ROWS(r, rows) {
        const float* in = x + (long long) r * c;
        float* out = y + (long long) r * c;
        float lse = row_log_sum_exp(in, c);
        for (int j = 0; j < c; j++) out[j] = in[j] - lse;
    }
}

// dx = y * (dy - sum(dy * y))
extern "C" __global__ void softmax_backward_rows(const float* y, const float* dy, float* dx, int c, int rows) {
    FOR_ROWS(r, rows) {
        long long o = (long long) r * c;
        float dot = 0.0f;
        for (int j = 0; j < c; j++) dot += dy[o + j] * y[o + j];
        for (int j = 0; j < c; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
    }
}

// y is log-softmax: dx = dy - exp(y) * sum(dy)
extern "C" __global__ void log_softmax_backward_rows(const float* y, const float* dy, float* dx, int c, int rows) {
    FOR_ROWS(r, rows) {
        long long o = (long long) r * c;
        float s = 0.0f;
        for (int j = 0; j < c; j++) s += dy[o + j];
        for (int j = 0; j < c; j++) dx[o + j] = dy[o + j] - expf(y[o + j]) * s;
    }
}

// A sparse label that is not a class index in [0, c): the row's results become NaN, and the smallest such row goes
// to *bad (which the backend sets to INT_MAX first, and turns into the CPU backend's error).
__device__ __forceinline__ bool bad_label(float l, int c) { return !(l >= 0.0f && l < (float) c) || l != floorf(l); }

// loss[r] = -sum_j labels[r, j] * log_softmax(logits)[r, j]; sparse labels hold one class index per row.
extern "C" __global__ void softmax_cross_entropy_rows(const float* logits, const float* labels, int sparse, float* loss,
                                                      int* bad, int c, int rows) {
    FOR_ROWS(r, rows) {
        const float* x = logits + (long long) r * c;
        float lse = row_log_sum_exp(x, c);
        if (sparse) {
            if (bad_label(labels[r], c)) {
                loss[r] = __int_as_float(0x7fc00000);
                atomicMin(bad, (int) r);
                continue;
            }
            loss[r] = lse - x[(int) labels[r]];
        } else {
            const float* t = labels + (long long) r * c;
            float s = 0.0f;
            for (int j = 0; j < c; j++) if (t[j] != 0.0f) s += t[j] * (lse - x[j]);   // 0 * inf (a -inf logit) would be NaN
            loss[r] = s;
        }
    }
}

// dlogits[r, j] = (softmax_j * sum(labels[r]) - labels[r, j]) * dLoss[r]
extern "C" __global__ void softmax_cross_entropy_backward_rows(const float* logits, const float* labels, int sparse,
                                                               const float* dloss, float* dx, int* bad, int c, int rows) {
    FOR_ROWS(r, rows) {
        long long o = (long long) r * c;
        float lse = row_log_sum_exp(logits + o, c);
        float g = dloss[r];
        if (sparse) {
            if (bad_label(labels[r], c)) {
                for (int j = 0; j < c; j++) dx[o + j] = __int_as_float(0x7fc00000);
                atomicMin(bad, (int) r);
                continue;
            }
            int k = (int) labels[r];
            for (int j = 0; j < c; j++) dx[o + j] = (expf(logits[o + j] - lse) - (j == k ? 1.0f : 0.0f)) * g;
        } else {
            float total = 0.0f;
            for (int j = 0; j < c; j++) total += labels[o + j];
            for (int j = 0; j < c; j++) dx[o + j] = (expf(logits[o + j] - lse) * total - labels[o + j]) * g;
        }
    }
}

// Binary cross-entropy of sigmoid(x) against t, stably: max(x, 0) - x t + log1p(exp(-|x|)).
extern "C" __global__ void sigmoid_cross_entropy(const float* x, const float* t, float* y, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float v = x[i];
        y[i] = fmaxf(v, 0.0f) - v * t[i] + log1pf(expf(-fabsf(v)));
    }
}

extern "C" __global__ void sigmoid_cross_entropy_backward(const float* x, const float* t, const float* dy, float* dx, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float v = x[i];
        float s = v >= 0.0f ? 1.0f / (1.0f + expf(-v)) : expf(v) / (1.0f + expf(v));
        dx[i] = (s - t[i]) * dy[i];
    }
}
