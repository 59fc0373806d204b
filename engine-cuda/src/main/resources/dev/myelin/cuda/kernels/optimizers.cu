// Fused optimizer updates, in place, in Keras's formulations (see the Backend javadoc).

extern "C" __global__ void sgd_update(float* p, const float* g, float* v, float lr, float momentum, int nesterov, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        if (v == 0) {
            p[i] = p[i] - lr * g[i];
        } else {
            float vel = momentum * v[i] - lr * g[i];
            v[i] = vel;
            p[i] = nesterov ? p[i] + (momentum * vel - lr * g[i]) : p[i] + vel;
        }
    }
}

// lrT = lr * sqrt(1 - beta2^t) / (1 - beta1^t), computed once on the host.
extern "C" __global__ void adam_update(float* p, const float* g, float* m, float* v, float lrT, float beta1, float beta2,
                                       float epsilon, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - lrT * mi / (sqrtf(vi) + epsilon);
    }
}

extern "C" __global__ void rmsprop_update(float* p, const float* g, float* ms, float* mom, float lr, float rho, float momentum,
                                          float epsilon, int n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float gi = g[i];
        float s = rho * ms[i] + (1.0f - rho) * gi * gi;
        ms[i] = s;
        float delta = lr * gi / sqrtf(s + epsilon); // Keras 3: epsilon inside the root
        if (mom == 0) {
            p[i] = p[i] - delta;
        } else {
            float mo = momentum * mom[i] + delta;
            mom[i] = mo;
            p[i] = p[i] - mo;
        }
    }
}
