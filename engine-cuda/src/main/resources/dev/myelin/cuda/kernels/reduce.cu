// Reductions and per-row kernels. Sums accumulate in double in a fixed order, so results do not
// depend on the launch and stay close to a plain float loop's.

#define ACC_BINARY 0
#define ACC_CATEGORICAL 1
#define ACC_SPARSE_CATEGORICAL 2

// One block (blockDim.x a power of two, at most 1024) sums all of x into y[0].
extern "C" __global__ void sum_all(const float* x, float* y, int n) {
    __shared__ double part[1024];
    double s = 0.0;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) s += x[i];
    part[threadIdx.x] = s;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) part[threadIdx.x] += part[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0) y[0] = (float) part[0];
}

// Column sums of a (rows, channels) matrix: one block per column (blockDim.x a power of two, at most 1024).
extern "C" __global__ void sum_columns(const float* x, float* y, int rows, int channels) {
    __shared__ double part[1024];
    int col = blockIdx.x;
    double s = 0.0;
    for (long long r = threadIdx.x; r < rows; r += blockDim.x) s += x[(long long) r * channels + col];
    part[threadIdx.x] = s;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) part[threadIdx.x] += part[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0) y[col] = (float) part[0];
}

// Row sums of a (rows, channels) matrix: one thread per row.
extern "C" __global__ void sum_rows(const float* x, float* y, int channels, int rows) {
    for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < rows; r += (long long) blockDim.x * gridDim.x) {
        const float* row = x + (long long) r * channels;
        double s = 0.0;
        for (int j = 0; j < channels; j++) s += row[j];
        y[r] = (float) s;
    }
}

__device__ int argmax_row(const float* row, int channels) {
    int best = 0;
    float v = row[0];
    for (int j = 1; j < channels; j++) {
        if (row[j] > v) { v = row[j]; best = j; }   // strict: the first maximum wins ties
    }
    return best;
}

extern "C" __global__ void argmax_rows(const float* x, float* y, int channels, int rows) {
    for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < rows; r += (long long) blockDim.x * gridDim.x) {
        y[r] = (float) argmax_row(x + (long long) r * channels, channels);
    }
}

// 1 where the prediction of a row is right, else 0 (summed afterwards by sum_all).
extern "C" __global__ void correct_rows(int kind, const float* predictions, const float* labels, float threshold,
                                        float* y, int channels, int rows) {
    for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < rows; r += (long long) blockDim.x * gridDim.x) {
        bool right;
        if (kind == ACC_BINARY) {
            right = (predictions[r] > threshold) == (labels[r] > 0.5f);
        } else if (kind == ACC_CATEGORICAL) {
            right = argmax_row(predictions + (long long) r * channels, channels)
                    == argmax_row(labels + (long long) r * channels, channels);
        } else {
            right = argmax_row(predictions + (long long) r * channels, channels) == (int) labels[r];
        }
        y[r] = right ? 1.0f : 0.0f;
    }
}
