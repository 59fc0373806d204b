// Affine resampling of NHWC images (Keras's ops.image.affine_transform) and its backward.
// Positions are computed in float in the same order as the CPU backend's CpuAffineTransform
// (NVRTC runs with --fmad=false), so both read the same pixels. t holds 6 floats per image.

// dev.myelin.backend.FillMode
#define FILL_CONSTANT 0
#define FILL_NEAREST 1
#define FILL_WRAP 2
#define FILL_MIRROR 3
#define FILL_REFLECT 4
// dev.myelin.backend.ImageInterpolation
#define INTERP_NEAREST 0
#define INTERP_BILINEAR 1

// A 64-bit index: i + stride would overflow an int when n is near 2^31.
#define GRID_STRIDE(i, n) for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

__device__ __forceinline__ int floor_mod(int a, int b) { int r = a % b; return r < 0 ? r + b : r; }

__device__ __forceinline__ int floor_div(int a, int b) { int q = a / b; return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q; }

__device__ __forceinline__ int mirror_index(int i, int n) {
    int s = n - 1;
    if (s == 0) return 0;
    return abs(floor_mod(i + s, 2 * s) - s);
}

// Where index i of an axis of n reads, or -1 for the fill value (Keras's index fixers).
__device__ __forceinline__ int fix_index(int mode, int i, int n) {
    switch (mode) {
        case FILL_CONSTANT: return (i >= 0 && i < n) ? i : -1;
        case FILL_NEAREST: return i < 0 ? 0 : (i > n - 1 ? n - 1 : i);
        case FILL_WRAP: return floor_mod(i, n);
        case FILL_MIRROR: return mirror_index(i, n);
        default: return floor_div(mirror_index(2 * i + 1, 2 * n + 1) - 1, 2);
    }
}

__device__ __forceinline__ float round_half_away(float v) { return v >= 0.0f ? floorf(v + 0.5f) : -floorf(-v + 0.5f); }

__device__ __forceinline__ float read_pixel(const float* x, int image, int w, int c, int iy, int ix, int ch, float fill) {
    return (iy < 0 || ix < 0) ? fill : x[image + (iy * w + ix) * c + ch];
}

// One thread per output element; y has x's shape (batch, h, w, c); n = its size.
extern "C" __global__ void affine_transform(const float* x, const float* t, float* y, int h, int w, int c, int interpolation,
                                            int mode, float fill, int n) {
    GRID_STRIDE(i, n) {
        int ch = i % c, rest = i / c;
        int ox = rest % w; rest /= w;
        int oy = rest % h; int b = rest / h;
        int image = b * h * w * c;
        const float* tb = t + b * 6;
        float xf = tb[0] * (float) ox + tb[1] * (float) oy + tb[2];
        float yf = tb[3] * (float) ox + tb[4] * (float) oy + tb[5];
        if (interpolation == INTERP_NEAREST) {
            int iy = fix_index(mode, (int) round_half_away(yf), h), ix = fix_index(mode, (int) round_half_away(xf), w);
            y[i] = read_pixel(x, image, w, c, iy, ix, ch, fill);
            continue;
        }
        float fy = floorf(yf), fx = floorf(xf);
        float wy = yf - fy, wx = xf - fx;
        int y0 = fix_index(mode, (int) fy, h), y1 = fix_index(mode, (int) fy + 1, h);
        int x0 = fix_index(mode, (int) fx, w), x1 = fix_index(mode, (int) fx + 1, w);
        float top = (1.0f - wx) * read_pixel(x, image, w, c, y0, x0, ch, fill) + wx * read_pixel(x, image, w, c, y0, x1, ch, fill);
        float bottom = (1.0f - wx) * read_pixel(x, image, w, c, y1, x0, ch, fill) + wx * read_pixel(x, image, w, c, y1, x1, ch, fill);
        y[i] = (1.0f - wy) * top + wy * bottom;
    }
}

__device__ __forceinline__ void add_pixel(float* dx, int image, int w, int c, int iy, int ix, int ch, float v) {
    if (iy >= 0 && ix >= 0) atomicAdd(dx + image + (iy * w + ix) * c + ch, v);
}

// The backward: dx (zeroed by the caller) gathers each output gradient at the pixels it read; n = size of dy.
extern "C" __global__ void affine_transform_backward(const float* dy, const float* t, float* dx, int h, int w, int c,
                                                     int interpolation, int mode, int n) {
    GRID_STRIDE(i, n) {
        int ch = i % c, rest = i / c;
        int ox = rest % w; rest /= w;
        int oy = rest % h; int b = rest / h;
        int image = b * h * w * c;
        const float* tb = t + b * 6;
        float xf = tb[0] * (float) ox + tb[1] * (float) oy + tb[2];
        float yf = tb[3] * (float) ox + tb[4] * (float) oy + tb[5];
        float g = dy[i];
        if (interpolation == INTERP_NEAREST) {
            int iy = fix_index(mode, (int) round_half_away(yf), h), ix = fix_index(mode, (int) round_half_away(xf), w);
            add_pixel(dx, image, w, c, iy, ix, ch, g);
            continue;
        }
        float fy = floorf(yf), fx = floorf(xf);
        float wy = yf - fy, wx = xf - fx;
        int y0 = fix_index(mode, (int) fy, h), y1 = fix_index(mode, (int) fy + 1, h);
        int x0 = fix_index(mode, (int) fx, w), x1 = fix_index(mode, (int) fx + 1, w);
        add_pixel(dx, image, w, c, y0, x0, ch, (1.0f - wy) * (1.0f - wx) * g);
        add_pixel(dx, image, w, c, y0, x1, ch, (1.0f - wy) * wx * g);
        add_pixel(dx, image, w, c, y1, x0, ch, wy * (1.0f - wx) * g);
        add_pixel(dx, image, w, c, y1, x1, ch, wy * wx * g);
    }
}
