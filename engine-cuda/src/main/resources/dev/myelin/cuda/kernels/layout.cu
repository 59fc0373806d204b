// Axis permutation. The result has up to 6 axes (unused leading ones have size 1 and stride 0):
// d0..d5 are its dims and s0..s5 the input strides of the axes they come from. One thread per output.

// A 64-bit index: i + stride would overflow an int when n is near 2^31.
#define GRID_STRIDE(i, n) for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

extern "C" __global__ void transpose(const float* x, float* y, int d0, int d1, int d2, int d3, int d4, int d5,
                                     int s0, int s1, int s2, int s3, int s4, int s5, int n) {
    GRID_STRIDE(i, n) {
        int rest = i, src = 0;
        src += (rest % d5) * s5; rest /= d5;
        src += (rest % d4) * s4; rest /= d4;
        src += (rest % d3) * s3; rest /= d3;
        src += (rest % d2) * s2; rest /= d2;
        src += (rest % d1) * s1; rest /= d1;
        src += rest * s0;
        y[i] = x[src];
    }
}
