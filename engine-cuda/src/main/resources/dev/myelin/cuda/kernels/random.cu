// Counter-based random numbers, bit for bit the arithmetic of dev.myelin.backend.CounterRandom:
// draw i of stream seed is SplitMix64's finalizer of both, on uint64 (Java's long wraps the same way).

typedef unsigned long long u64;
#define GOLDEN 0x9E3779B97F4A7C15ULL

__device__ __forceinline__ u64 mix(u64 z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

__device__ __forceinline__ u64 bits(u64 seed, u64 index) {
    return mix(mix(seed) + (index + 1ULL) * GOLDEN);
}

// [0, 1) with 24 bits: exact in float, as in Java.
__device__ __forceinline__ float uniform01(u64 seed, u64 index) {
    return (float) (bits(seed, index) >> 40) * 5.9604644775390625e-8f;
}

// Box-Muller in double, as CounterRandom.normal computes it.
__device__ float normal01(u64 seed, u64 index) {
    float u1 = (float) ((bits(seed, 2ULL * index) >> 40) + 1ULL) * 5.9604644775390625e-8f;
    float u2 = (float) (bits(seed, 2ULL * index + 1ULL) >> 40) * 5.9604644775390625e-8f;
    return (float) (sqrt(-2.0 * log((double) u1)) * cos(2.0 * 3.141592653589793 * (double) u2));
}

extern "C" __global__ void random_uniform(float* y, float low, float high, u64 seed, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        y[i] = low + (high - low) * uniform01(seed, (u64) i);
    }
}

extern "C" __global__ void random_normal(float* y, float mean, float stddev, int truncated, u64 seed, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float z;
        if (truncated) {
            for (u64 attempt = 0; ; attempt++) {
                z = normal01(seed + attempt * GOLDEN, (u64) i);
                if (fabsf(z) <= 2.0f) break;
            }
        } else {
            z = normal01(seed, (u64) i);
        }
        y[i] = mean + stddev * z;
    }
}

// Inverted dropout: element i is dropped when its uniform draw is below rate; kept ones are scaled.
extern "C" __global__ void dropout_mask_apply(const float* x, float* y, float rate, float scale, u64 seed, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        y[i] = uniform01(seed, (u64) i) < rate ? 0.0f : x[i] * scale;
    }
}
