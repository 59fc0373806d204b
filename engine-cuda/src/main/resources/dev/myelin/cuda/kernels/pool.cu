// NHWC pooling for geometries cuDNN cannot take (asymmetric padding, as Keras's "same" makes).
// Max pooling takes the first maximum of a window (row-major order) and its backward routes to it;
// average pooling divides by the number of window cells inside the input (padding not counted).
// Backward kernels gather (one thread per input cell), so they need no atomics and are deterministic.

struct Geometry { int h, w, c, ph, pw, sh, sw, top, left, oh, ow; };

// Window of output (oy, ox) clipped to the input: rows [y0, y1), columns [x0, x1).
__device__ __forceinline__ void window(const Geometry& g, int oy, int ox, int& y0, int& y1, int& x0, int& x1) {
    y0 = oy * g.sh - g.top; y1 = min(y0 + g.ph, g.h); y0 = max(y0, 0);
    x0 = ox * g.sw - g.left; x1 = min(x0 + g.pw, g.w); x0 = max(x0, 0);
}

// Index (y * w + x) of the first maximum of the window in image b, channel ch.
__device__ int window_argmax(const float* x, const Geometry& g, int b, int ch, int oy, int ox) {
    int y0, y1, x0, x1;
    window(g, oy, ox, y0, y1, x0, x1);
    int best = -1;
    float v = 0.0f;
    for (int y = y0; y < y1; y++)
        for (int xx = x0; xx < x1; xx++) {
            float u = x[((long long) (b * g.h + y) * g.w + xx) * g.c + ch];
            if (best < 0 || u > v) { v = u; best = y * g.w + xx; }
        }
    return best;
}

extern "C" __global__ void pool_forward(int average, const float* x, float* out, int h, int w, int c, int ph, int pw, int sh,
                                        int sw, int top, int left, int oh, int ow, int n) {
    Geometry g = {h, w, c, ph, pw, sh, sw, top, left, oh, ow};
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int ch = i % c, rest = i / c;
        int ox = rest % ow; rest /= ow;
        int oy = rest % oh; int b = rest / oh;
        if (average) {
            int y0, y1, x0, x1;
            window(g, oy, ox, y0, y1, x0, x1);
            float s = 0.0f;
            for (int y = y0; y < y1; y++)
                for (int xx = x0; xx < x1; xx++) s += x[((long long) (b * h + y) * w + xx) * c + ch];
            int count = (y1 - y0) * (x1 - x0);
            out[i] = count > 0 ? s / (float) count : 0.0f;
        } else {
            int k = window_argmax(x, g, b, ch, oy, ox);
            out[i] = k >= 0 ? x[((long long) b * h * w + k) * c + ch] : 0.0f;   // a window wholly in padding
        }
    }
}

extern "C" __global__ void pool_backward(int average, const float* x, const float* dy, float* dx, int h, int w, int c, int ph,
                                         int pw, int sh, int sw, int top, int left, int oh, int ow, int n) {
    Geometry g = {h, w, c, ph, pw, sh, sw, top, left, oh, ow};
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        int ch = i % c, rest = i / c;
        int ix = rest % w; rest /= w;
        int iy = rest % h; int b = rest / h;
        // outputs whose window covers (iy, ix): oy*sh - top <= iy < oy*sh - top + ph
        int oyLo = max(0, (iy + top - ph + sh) / sh), oyHi = min(oh - 1, (iy + top) / sh);
        int oxLo = max(0, (ix + left - pw + sw) / sw), oxHi = min(ow - 1, (ix + left) / sw);
        if (iy + top - ph + 1 < 0) oyLo = 0;
        if (ix + left - pw + 1 < 0) oxLo = 0;
        float s = 0.0f;
        for (int oy = oyLo; oy <= oyHi; oy++)
            for (int ox = oxLo; ox <= oxHi; ox++) {
                float d = dy[((long long) (b * oh + oy) * ow + ox) * c + ch];
                if (average) {
                    int y0, y1, x0, x1;
                    window(g, oy, ox, y0, y1, x0, x1);
                    s += d / (float) ((y1 - y0) * (x1 - x0));
                } else if (window_argmax(x, g, b, ch, oy, ox) == iy * w + ix) {
                    s += d;
                }
            }
        dx[i] = s;
    }
}
