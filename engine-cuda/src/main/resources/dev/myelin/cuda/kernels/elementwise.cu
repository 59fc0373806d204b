// Elementwise kernels. Every kernel takes its element count last and loops grid-stride, so any
// grid size is correct. Compiled by NVRTC with --fmad=false so that a*b+c rounds as Java does.
// The op codes are the ordinals of the Java enums named beside them (checked by KernelSourcesTest).

// dev.myelin.backend.ActivationKind
#define ACT_LINEAR 0
#define ACT_RELU 1
#define ACT_SIGMOID 2
#define ACT_TANH 3
#define ACT_LEAKY_RELU 4
#define ACT_ELU 5
#define ACT_GELU 6
#define ACT_SELU 7
#define ACT_SWISH 8
#define ACT_SOFTPLUS 9
#define ACT_SOFTSIGN 10
#define ACT_HARD_SIGMOID 11
#define ACT_EXPONENTIAL 12
#define ACT_MISH 13
#define ACT_GELU_TANH 14
#define ACT_GAUSSIAN 15
// dev.myelin.backend.UnaryOp
#define UN_NEG 0
#define UN_EXP 1
#define UN_LOG 2
#define UN_ABS 3
#define UN_SQUARE 4
#define UN_SQRT 5
#define UN_SIGN 6
#define UN_RECIPROCAL 7
// dev.myelin.backend.BinaryOp
#define BIN_ADD 0
#define BIN_SUB 1
#define BIN_MUL 2
#define BIN_DIV 3
#define BIN_MAX 4
#define BIN_MIN 5
// dev.myelin.backend.ScalarOp
#define SC_ADD 0
#define SC_MUL 1
#define SC_RSUB 2
#define SC_RDIV 3
#define SC_POW 4
#define SC_MAX 5
#define SC_MIN 6

// A 64-bit index: i + stride would overflow an int when n is near 2^31.
#define GRID_STRIDE(i, n) for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

// Java's Math.max/min: NaN if either is NaN.
__device__ __forceinline__ float jmax(float a, float b) { return (a != a || b != b) ? a + b : (a >= b ? a : b); }
__device__ __forceinline__ float jmin(float a, float b) { return (a != a || b != b) ? a + b : (a <= b ? a : b); }
__device__ __forceinline__ float sgn(float x) { return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x); }

__device__ __forceinline__ float sigmoidf(float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

#define SELU_SCALE 1.0507009873554805f
#define SELU_ALPHA 1.6732632423543772f
#define SQRT_2_OVER_PI 0.7978845608028654f
#define GELU_CUBIC 0.044715f

// log(1 + e^x) without overflow.
__device__ __forceinline__ float softplusf(float x) { return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x))); }

extern "C" __global__ void fill(float* y, float value, int n) {
    GRID_STRIDE(i, n) y[i] = value;
}

extern "C" __global__ void add_bias(const float* x, const float* bias, float* y, int channels, int n) {
    GRID_STRIDE(i, n) y[i] = x[i] + bias[i % channels];
}

extern "C" __global__ void scale_last_axis(const float* x, const float* scale, float* y, int channels, int n) {
    GRID_STRIDE(i, n) y[i] = x[i] * scale[i % channels];
}

extern "C" __global__ void activation(int kind, float alpha, const float* x, float* y, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i], r;
        switch (kind) {
            case ACT_RELU: r = v > 0.0f || v != v ? v : 0.0f; break;   // Math.max(x, 0): NaN stays NaN
            case ACT_SIGMOID: r = sigmoidf(v); break;
            case ACT_TANH: r = tanhf(v); break;
            case ACT_LEAKY_RELU: r = v >= 0.0f ? v : alpha * v; break;
            case ACT_ELU: r = v > 0.0f ? v : alpha * expm1f(v); break;
            case ACT_GELU: r = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f)); break;
            case ACT_SELU: r = v > 0.0f ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * expm1f(v); break;
            case ACT_SWISH: r = v * sigmoidf(v); break;
            case ACT_SOFTPLUS: r = softplusf(v); break;
            case ACT_SOFTSIGN: r = v / (1.0f + fabsf(v)); break;
            case ACT_HARD_SIGMOID: r = jmin(1.0f, jmax(0.0f, v / 6.0f + 0.5f)); break;   // fminf/fmaxf would drop a NaN
            case ACT_EXPONENTIAL: r = expf(v); break;
            case ACT_MISH: r = v * tanhf(softplusf(v)); break;
            case ACT_GELU_TANH: r = 0.5f * v * (1.0f + tanhf(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v))); break;
            case ACT_GAUSSIAN: r = expf(-v * v); break;
            default: r = v;
        }
        y[i] = r;
    }
}

extern "C" __global__ void activation_backward(int kind, float alpha, const float* x, const float* y, const float* dy,
                                               float* dx, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i], g = dy[i], r;
        switch (kind) {
            case ACT_RELU: r = v > 0.0f ? g : 0.0f; break;
            case ACT_SIGMOID: r = g * y[i] * (1.0f - y[i]); break;
            case ACT_TANH: r = g * (1.0f - y[i] * y[i]); break;
            case ACT_LEAKY_RELU: r = v >= 0.0f ? g : alpha * g; break;   // slope 1 at 0, as the CPU
            case ACT_ELU: r = v > 0.0f ? g : g * (y[i] + alpha); break;
            case ACT_GELU: {
                float cdf = 0.5f * (1.0f + erff(v * 0.70710678118654752f));
                float pdf = expf(-0.5f * v * v) * 0.39894228040143268f;
                r = g * (cdf + v * pdf);
                break;
            }
            case ACT_SELU: r = v > 0.0f ? g * SELU_SCALE : g * SELU_SCALE * SELU_ALPHA * expf(v); break;
            case ACT_SWISH: {
                float s = sigmoidf(v);
                r = g * (s + v * s * (1.0f - s));
                break;
            }
            case ACT_SOFTPLUS: r = g * sigmoidf(v); break;
            case ACT_SOFTSIGN: {
                float d = 1.0f + fabsf(v);
                r = g / (d * d);
                break;
            }
            case ACT_HARD_SIGMOID: r = (v > -3.0f && v < 3.0f) ? g / 6.0f : 0.0f; break;
            case ACT_EXPONENTIAL: r = g * y[i]; break;
            case ACT_MISH: {
                float t = tanhf(softplusf(v));
                r = g * (t + v * sigmoidf(v) * (1.0f - t * t));
                break;
            }
            case ACT_GELU_TANH: {
                float t = tanhf(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
                r = g * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * SQRT_2_OVER_PI * (1.0f + 3.0f * GELU_CUBIC * v * v));
                break;
            }
            case ACT_GAUSSIAN: r = g * (-2.0f * v * y[i]); break;
            default: r = g;
        }
        dx[i] = r;
    }
}

extern "C" __global__ void unary(int op, const float* x, float* y, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i], r;
        switch (op) {
            case UN_NEG: r = -v; break;
            case UN_EXP: r = expf(v); break;
            case UN_LOG: r = logf(v); break;
            case UN_ABS: r = fabsf(v); break;
            case UN_SQUARE: r = v * v; break;
            case UN_SQRT: r = sqrtf(v); break;
            case UN_SIGN: r = sgn(v); break;
            case UN_RECIPROCAL: r = 1.0f / v; break;
            default: r = v;
        }
        y[i] = r;
    }
}

extern "C" __global__ void unary_backward(int op, const float* x, const float* y, const float* dy, float* dx, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i], g = dy[i], r;
        switch (op) {
            case UN_NEG: r = -g; break;
            case UN_EXP: r = g * y[i]; break;
            case UN_LOG: r = g / v; break;
            case UN_ABS: r = g * sgn(v); break;
            case UN_SQUARE: r = 2.0f * v * g; break;
            case UN_SQRT: r = g / (2.0f * y[i]); break;
            case UN_SIGN: r = 0.0f; break;
            case UN_RECIPROCAL: r = -g * y[i] * y[i]; break;
            default: r = g;
        }
        dx[i] = r;
    }
}

// a and b have n elements each, or one (strideA/strideB 0 broadcasts it).
extern "C" __global__ void binary(int op, const float* a, int strideA, const float* b, int strideB, float* y, int n) {
    GRID_STRIDE(i, n) {
        float u = a[i * strideA], v = b[i * strideB], r;
        switch (op) {
            case BIN_ADD: r = u + v; break;
            case BIN_SUB: r = u - v; break;
            case BIN_MUL: r = u * v; break;
            case BIN_DIV: r = u / v; break;
            case BIN_MAX: r = jmax(u, v); break;
            case BIN_MIN: r = jmin(u, v); break;
            default: r = u;
        }
        y[i] = r;
    }
}

extern "C" __global__ void scalar_op(int op, const float* x, float s, float* y, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i], r;
        switch (op) {
            case SC_ADD: r = v + s; break;
            case SC_MUL: r = v * s; break;
            case SC_RSUB: r = s - v; break;
            case SC_RDIV: r = s / v; break;
            case SC_POW: r = (float) pow((double) v, (double) s); break;
            case SC_MAX: r = jmax(v, s); break;
            case SC_MIN: r = jmin(v, s); break;
            default: r = v;
        }
        y[i] = r;
    }
}

extern "C" __global__ void add_scaled(float* dst, const float* src, float alpha, int n) {
    GRID_STRIDE(i, n) dst[i] = dst[i] + alpha * src[i];
}

// One-hot rows from class indices stored as floats; an index outside [0, classes) gives a zero row.
extern "C" __global__ void one_hot(const float* indices, float* y, int classes, int n) {
    GRID_STRIDE(i, n) {
        int row = i / classes, col = i - row * classes;
        y[i] = ((int) indices[row]) == col ? 1.0f : 0.0f;
    }
}

extern "C" __global__ void broadcast_last(const float* x, float* y, int count, int n) {
    GRID_STRIDE(i, n) y[i] = x[i / count];
}

// Columns [from, from + width) of x viewed as (rows, cols); n = rows * width.
extern "C" __global__ void slice_columns(const float* x, float* y, int cols, int from, int width, int n) {
    GRID_STRIDE(i, n) y[i] = x[(i / width) * cols + from + i % width];
}

// src (rows, width) into columns [from, from + width) of dst (rows, cols); n = rows * width.
extern "C" __global__ void copy_columns(const float* src, float* dst, int width, int cols, int from, int n) {
    GRID_STRIDE(i, n) dst[(i / width) * cols + from + i % width] = src[i];
}

// NHWC zero padding: y is (batch, h + top + bottom, w + left + right, c); n = its size.
extern "C" __global__ void pad_nhwc(const float* x, float* y, int h, int w, int c, int top, int left, int ph, int pw, int n) {
    GRID_STRIDE(i, n) {
        int ch = i % c, rest = i / c;
        int px = rest % pw; rest /= pw;
        int py = rest % ph; int b = rest / ph;
        int iy = py - top, ix = px - left;
        y[i] = (iy >= 0 && iy < h && ix >= 0 && ix < w) ? x[((b * h + iy) * w + ix) * c + ch] : 0.0f;
    }
}

// The inverse: y (batch, h, w, c) is the window of padded x (batch, ph, pw, c) at (top, left); n = size of y.
extern "C" __global__ void crop_nhwc(const float* x, float* y, int h, int w, int c, int top, int left, int ph, int pw, int n) {
    GRID_STRIDE(i, n) {
        int ch = i % c, rest = i / c;
        int ix = rest % w; rest /= w;
        int iy = rest % h; int b = rest / h;
        y[i] = x[((b * ph + iy + top) * pw + ix + left) * c + ch];
    }
}
