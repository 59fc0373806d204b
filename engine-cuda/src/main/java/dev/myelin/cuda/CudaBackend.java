package dev.myelin.cuda;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.cuda.ffm.CudaDriver;
import dev.myelin.cuda.ffm.CudaException;
import dev.myelin.cuda.ffm.Cublas;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.cuda.kernel.KernelCache;
import dev.myelin.cuda.kernel.KernelTarget;
import dev.myelin.cuda.kernel.NvrtcCompiler;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;

/**
 * The Backend SPI on an NVIDIA GPU: matmul on cuBLAS, convolution and pooling on cuDNN, the rest in
 * NVRTC-compiled kernels ({@link DeviceKernels}). All work goes to one stream in order; only
 * {@link #copyToArray} and {@link #synchronize} wait for it.
 */
public final class CudaBackend implements Backend {
    private final CudaLibraries libs;
    private final CudaDriver driver;
    private final CudaOptions options;
    private final int device;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final MemorySegment cublasHandle;
    private final MemorySegment cudnnHandle;
    private final Arena constants = Arena.ofShared();
    private final MemorySegment one, zero;
    private final CachingAllocator allocator;
    private final DeviceKernels kernels;
    private final CudnnConvolution convolution;
    private final CudnnPooling pooling;
    private final CudnnBatchNorm batchNorm;
    private final String description;
    private final ThreadLocal<Boolean> contextSet = ThreadLocal.withInitial(() -> false);
    private boolean closed;

    /**
     * Starts on the device {@code options} names, or explains why it cannot. Only a missing driver or
     * no device means "unavailable" (the caller may fall back to the CPU); a failure once a device is
     * found (a library missing, a context, a handle, a kernel that does not compile or load) is a
     * runtime exception: on a GPU host it is a bug or a broken install, and must be seen.
     */
    public static CudaBackend start(CudaOptions options, LibraryFinder finder) throws BackendUnavailableException {
        CudaLibraries libs = CudaLibraries.load(finder);
        int count = libs.driver().cuDeviceGetCount();
        if (options.device() < 0 || options.device() >= count) {
            throw new BackendUnavailableException("CUDA device " + options.device() + " was asked for (-Dmyelin.cuda.device) but there "
                    + (count == 1 ? "is 1 device" : "are " + count + " devices"));
        }
        return new CudaBackend(libs, options);
    }

    /** Acquires everything in order; when a step fails, what was acquired is released (newest first) before the error goes on. */
    private CudaBackend(CudaLibraries libs, CudaOptions options) {
        this.libs = libs;
        this.driver = libs.driver();
        this.options = options;
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            this.device = driver.cuDeviceGet(options.device());
            this.context = driver.cuDevicePrimaryCtxRetain(device);
            undo.push(() -> driver.cuDevicePrimaryCtxRelease(device));
            driver.cuCtxSetCurrent(context);
            contextSet.set(true);
            this.stream = driver.cuStreamCreate(CudaDriver.CU_STREAM_NON_BLOCKING);
            undo.push(() -> driver.cuStreamDestroy(stream));
            undo.push(constants::close);
            this.one = constants.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
            this.zero = constants.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);

            Cublas cublas = libs.cublas();
            cublasHandle = cublas.cublasCreate_v2();
            undo.push(() -> cublas.cublasDestroy_v2(cublasHandle));
            cublas.cublasSetStream_v2(cublasHandle, stream);
            cublas.cublasSetMathMode(cublasHandle, matmulMathMode(options));
            cudnnHandle = libs.cudnn().cudnnCreate();
            undo.push(() -> libs.cudnn().cudnnDestroy(cudnnHandle));
            libs.cudnn().cudnnSetStream(cudnnHandle, stream);

            allocator = new CachingAllocator(new CachingAllocator.Device() {
                private final int[] status = new int[1];

                @Override
                public long allocate(long bytes) {
                    long p = driver.cuMemAlloc(bytes, status);
                    if (status[0] == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) return 0;
                    driver.check("cuMemAlloc_v2(" + bytes + " bytes)", status[0]);
                    return p;
                }

                @Override
                public void free(long address) { driver.cuMemFree(address); }

                @Override
                public long[] memoryInfo() { return driver.cuMemGetInfo(); }

                @Override
                public void synchronize() { driver.cuStreamSynchronize(stream); }
            });
            undo.push(allocator::close);

            int major = driver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
            int minor = driver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
            NvrtcCompiler compiler = new NvrtcCompiler(libs.nvrtc());
            KernelTarget target = compiler.target(major, minor);
            kernels = new DeviceKernels(driver, stream, new KernelCache(options.kernelCache(), compiler), target.options());
            undo.push(kernels::close);
            convolution = new CudnnConvolution(libs.cudnn(), cudnnHandle, allocator, kernels, options.convTf32(), one, zero);
            undo.push(convolution::close);
            allocator.onOutOfMemory(convolution::releaseWorkspace);
            pooling = new CudnnPooling(libs.cudnn(), cudnnHandle, kernels, one, zero);
            batchNorm = new CudnnBatchNorm(libs.cudnn(), cudnnHandle, one, zero);

            int driverVersion = driver.cuDriverGetVersion();
            int[] nvrtcVersion = libs.nvrtc().nvrtcVersion();
            description = String.format(Locale.ROOT, "%s (sm_%d%d, %.1f GiB), CUDA driver %d.%d, cuBLAS %d, cuDNN %d, NVRTC %d.%d%s%s",
                    driver.cuDeviceGetName(device), major, minor, driver.cuDeviceTotalMem(device) / (1024.0 * 1024 * 1024),
                    driverVersion / 1000, driverVersion % 1000 / 10, libs.cublas().cublasGetVersion_v2(cublasHandle),
                    libs.cudnn().cudnnGetVersion(), nvrtcVersion[0], nvrtcVersion[1],
                    options.matmulTf32() ? ", matmul TF32" : options.matmulPedantic() ? ", matmul pedantic" : "",
                    target.ptx() ? ", " + target.note() : "");
        } catch (RuntimeException | Error e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /**
     * TF32 tensor cores when asked; else cuBLAS's default math, which for {@code sgemm} is float32
     * throughout (no TF32); pedantic math (no reordered reductions either) only when asked.
     */
    static int matmulMathMode(CudaOptions options) {
        if (options.matmulTf32()) return Cublas.CUBLAS_TF32_TENSOR_OP_MATH;
        return options.matmulPedantic() ? Cublas.CUBLAS_PEDANTIC_MATH : Cublas.CUBLAS_DEFAULT_MATH;
    }

    @Override
    public String name() { return "cuda"; }

    @Override
    public String description() { return description; }

    /** The options it started with (TF32 choices, cache folder). */
    public CudaOptions options() { return options; }

    /** Blocks ever allocated from the driver: stays flat across training steps once the cache is warm. */
    public long driverAllocations() { return allocator.driverAllocations(); }

    // ---- plumbing ----------------------------------------------------------------------------

    /** Makes the context current on the calling thread (once per thread). */
    private void enter() {
        if (closed) throw new IllegalStateException("the CUDA backend is closed");
        if (!contextSet.get()) {
            driver.cuCtxSetCurrent(context);
            contextSet.set(true);
        }
    }

    private Tensor allocate(Shape shape) {
        enter();
        CachingAllocator.Block b = allocator.allocate(Math.max(1, shape.size()) * Float.BYTES);
        return new Tensor(this, shape, new CudaStorage(allocator, b, shape.size()));
    }

    private static long ptr(Tensor t) {
        if (!(t.storage() instanceof CudaStorage s)) {
            throw new IllegalArgumentException("tensor " + t + " belongs to backend " + t.backend().name() + ", not cuda; move it with fromArray(toArray())");
        }
        return s.address();
    }

    private static int n(Tensor t) { return t.shape().sizeAsInt(); }

    private static int last(Tensor t) { return t.rank() == 0 ? 1 : t.dim(-1); }

    // ---- memory ------------------------------------------------------------------------------

    @Override
    public Tensor empty(Shape shape) { return allocate(shape); }

    @Override
    public Tensor zeros(Shape shape) { return full(shape, 0f); }

    @Override
    public Tensor full(Shape shape, float value) {
        Tensor t = allocate(shape);
        if (shape.size() > 0) driver.cuMemsetD32Async(ptr(t), Float.floatToRawIntBits(value), shape.size(), stream);
        return t;
    }

    @Override
    public Tensor fromArray(Shape shape, float[] data, int offset) {
        Tensor t = allocate(shape);
        long bytes = shape.size() * Float.BYTES;
        if (bytes == 0) return t;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(bytes, 16);
            MemorySegment.copy(data, offset, host, ValueLayout.JAVA_FLOAT, 0, shape.sizeAsInt());
            // From pageable memory the driver stages the bytes before returning, so the buffer may go at once.
            driver.cuMemcpyHtoDAsync(ptr(t), host, bytes, stream);
        }
        return t;
    }

    @Override
    public void copyToArray(Tensor t, float[] dst, int offset) {
        enter();
        long bytes = t.size() * Float.BYTES;
        if (bytes == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(bytes, 16);
            driver.cuMemcpyDtoHAsync(host, ptr(t), bytes, stream);
            driver.cuStreamSynchronize(stream);
            MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, dst, offset, n(t));
        }
    }

    @Override
    public Tensor copy(Tensor t) {
        Tensor out = allocate(t.shape());
        if (t.size() > 0) driver.cuMemcpyDtoDAsync(ptr(out), ptr(t), t.size() * Float.BYTES, stream);
        return out;
    }

    @Override
    public void synchronize() {
        enter();
        driver.cuStreamSynchronize(stream);
    }

    // ---- dense algebra -------------------------------------------------------------------------

    /**
     * Row-major {@code C = op(A) op(B)} is column-major {@code C^T = op(B)^T op(A)^T}: cuBLAS gets the
     * operands swapped, each with its own transpose flag and its row length as leading dimension.
     */
    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        int ar = a.dim(0), ac = a.dim(1), br = b.dim(0), bc = b.dim(1);
        int m = transposeA ? ac : ar, k = transposeA ? ar : ac, n = transposeB ? br : bc;
        Tensor c = allocate(Shape.of(m, n));
        if (m == 0 || n == 0) return c;
        if (k == 0) {
            kernels.fill(ptr(c), 0f, m * n);
            return c;
        }
        libs.cublas().cublasSgemm_v2(cublasHandle, transposeB ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N,
                transposeA ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N, n, m, k, one, ptr(b), Math.max(1, bc), ptr(a), Math.max(1, ac),
                zero, ptr(c), n);
        return c;
    }

    @Override
    public Tensor addBias(Tensor x, Tensor bias) {
        Tensor y = allocate(x.shape());
        kernels.add_bias(ptr(x), ptr(bias), ptr(y), last(x), n(x));
        return y;
    }

    @Override
    public Tensor sumToLastAxis(Tensor x) {
        int c = last(x);
        Tensor y = allocate(Shape.of(c));
        kernels.sum_columns(ptr(x), ptr(y), c == 0 ? 0 : n(x) / c, c);
        return y;
    }

    // ---- layout -------------------------------------------------------------------------------

    @Override
    public Tensor transpose(Tensor x, int[] axes) {
        int rank = x.rank();
        if (rank > 6) throw new IllegalArgumentException("transpose supports up to 6 axes, got " + x.shape());
        int[] dims = x.shape().toArray(), inStrides = new int[rank], out = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= dims[i];
        }
        int[] d = {1, 1, 1, 1, 1, 1}, st = new int[6];
        for (int i = 0; i < rank; i++) {
            out[i] = dims[axes[i]];
            d[6 - rank + i] = out[i];
            st[6 - rank + i] = inStrides[axes[i]];
        }
        Tensor y = allocate(Shape.of(out));
        kernels.transpose(ptr(x), ptr(y), d[0], d[1], d[2], d[3], d[4], d[5], st[0], st[1], st[2], st[3], st[4], st[5], n(y));
        return y;
    }

    @Override
    public Tensor pad2d(Tensor x, int top, int bottom, int left, int right) {
        int h = x.dim(1), w = x.dim(2), ph = h + top + bottom, pw = w + left + right;
        Tensor y = allocate(Shape.of(x.dim(0), ph, pw, x.dim(3)));
        kernels.pad_nhwc(ptr(x), ptr(y), h, w, x.dim(3), top, left, ph, pw, n(y));
        return y;
    }

    @Override
    public Tensor crop2d(Tensor x, int top, int left, int height, int width) {
        Tensor y = allocate(Shape.of(x.dim(0), height, width, x.dim(3)));
        kernels.crop_nhwc(ptr(x), ptr(y), height, width, x.dim(3), top, left, x.dim(1), x.dim(2), n(y));
        return y;
    }

    @Override
    public Tensor affineTransform(Tensor images, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode, float fillValue) {
        Tensor y = allocate(images.shape());
        kernels.affine_transform(ptr(images), ptr(transforms), ptr(y), images.dim(1), images.dim(2), images.dim(3),
                interpolation.ordinal(), fillMode.ordinal(), fillValue, n(y));
        return y;
    }

    @Override
    public Tensor affineTransformBackward(Tensor dy, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode) {
        Tensor dx = zeros(dy.shape());
        kernels.affine_transform_backward(ptr(dy), ptr(transforms), ptr(dx), dy.dim(1), dy.dim(2), dy.dim(3),
                interpolation.ordinal(), fillMode.ordinal(), n(dy));
        return dx;
    }

    @Override
    public Tensor scaleLastAxis(Tensor x, Tensor scale) {
        Tensor y = allocate(x.shape());
        kernels.scale_last_axis(ptr(x), ptr(scale), ptr(y), last(x), n(x));
        return y;
    }

    // ---- normalization --------------------------------------------------------------------------

    @Override
    public Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        int c = last(x);
        Tensor y = allocate(x.shape()), mean = allocate(Shape.of(c)), invStd = allocate(Shape.of(c));
        batchNorm.training(n(x) / c, c, ptr(x), ptr(gamma), ptr(beta), epsilon, ptr(y), ptr(mean), ptr(invStd));
        return new Tensor[] {y, mean, invStd};
    }

    @Override
    public Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon) {
        int c = last(x);
        Tensor y = allocate(x.shape());
        batchNorm.inference(n(x) / c, c, ptr(x), ptr(gamma), ptr(beta), ptr(mean), ptr(variance), epsilon, ptr(y));
        return y;
    }

    @Override
    public Tensor[] batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, float epsilon) {
        int c = last(x);
        Tensor dx = allocate(x.shape()), dgamma = allocate(Shape.of(c)), dbeta = allocate(Shape.of(c));
        batchNorm.backward(n(x) / c, c, ptr(x), ptr(dy), ptr(gamma), ptr(mean), ptr(invStd), epsilon, ptr(dx), ptr(dgamma), ptr(dbeta));
        return new Tensor[] {dx, dgamma, dbeta};
    }

    // ---- convolution and pooling ------------------------------------------------------------------

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Conv2dGeometry g) {
        Tensor y = allocate(Shape.of(g.batch(), g.outH(), g.outW(), g.outC()));
        convolution.forward(g, ptr(x), ptr(w), ptr(y));
        return y;
    }

    @Override
    public Tensor conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g) {
        Tensor dx = allocate(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()));
        convolution.backwardData(g, ptr(dy), ptr(w), ptr(dx));
        return dx;
    }

    @Override
    public Tensor conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dGeometry g) {
        Tensor dw = allocate(Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels()));
        convolution.backwardFilter(g, ptr(x), ptr(dy), ptr(dw));
        return dw;
    }

    @Override
    public Tensor pool2d(PoolMode mode, Tensor x, Pool2dGeometry g) {
        Tensor y = allocate(Shape.of(g.batch(), g.outH(), g.outW(), g.channels()));
        pooling.forward(mode, g, ptr(x), ptr(y));
        return y;
    }

    @Override
    public Tensor pool2dBackward(PoolMode mode, Tensor x, Tensor y, Tensor dy, Pool2dGeometry g) {
        Tensor dx = allocate(x.shape());
        pooling.backward(mode, g, ptr(x), ptr(y), ptr(dy), ptr(dx));
        return dx;
    }

    // ---- sequences ------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor table, Tensor indices) {
        int rows = table.dim(1), d = table.dim(2), m = indices.dim(1);
        Tensor y = allocate(Shape.of(table.dim(0), m, d));
        kernels.gather_rows(ptr(table), ptr(indices), indices.dim(0) == 1 ? 1 : 0, ptr(y), rows, m, d, n(y));
        return y;
    }

    @Override
    public Tensor gatherBackward(Tensor indices, Tensor dy, int rows) {
        Tensor dt = full(Shape.of(dy.dim(0), rows, dy.dim(2)), 0f);
        kernels.gather_rows_backward(ptr(indices), indices.dim(0) == 1 ? 1 : 0, ptr(dy), ptr(dt), rows, dy.dim(1), dy.dim(2), n(dy));
        return dt;
    }

    @Override
    public void copyAlongAxis(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length) {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= src.dim(i);
        for (int i = axis + 1; i < src.rank(); i++) inner *= src.dim(i);
        enter();
        kernels.copy_axis(ptr(src), src.dim(axis), srcStart, ptr(dst), dst.dim(axis), dstStart, inner, length, outer * length * inner);
    }

    /**
     * Per step: the previous state times the recurrent kernel on cuBLAS (read in place from the
     * workspace, rows {@code steps * width} apart, unless recurrent dropout needs a masked copy),
     * then one launch of gate arithmetic.
     */
    @Override
    public Tensor recurrentForward(RecurrentGeometry g, Tensor inputProjection, Tensor recurrentKernel, Tensor recurrentBias,
                                   Tensor h0, Tensor c0, Tensor mask, Tensor recurrentDropout) {
        int batch = g.batch(), steps = g.steps(), units = g.units(), p = g.projection(), w = g.width();
        Tensor ws = allocate(Shape.of(batch, steps, w));
        try (Tensor rec = allocate(Shape.of(batch, p)); Tensor hp = recurrentDropout == null ? null : allocate(Shape.of(batch, units))) {
            for (int s = 0; s < steps; s++) {
                long a;
                int lda;
                if (hp != null) {
                    kernels.rnn_previous_h(ptr(ws), ptr(h0), ptr(recurrentDropout), ptr(hp), s, batch, steps, units, w, batch * units);
                    a = ptr(hp);
                    lda = units;
                } else if (s == 0) {
                    a = ptr(h0);
                    lda = units;
                } else {
                    a = ptr(ws) + (long) (s - 1) * w * Float.BYTES;
                    lda = steps * w;
                }
                gemm(false, false, batch, p, units, a, lda, ptr(recurrentKernel), p, ptr(rec), p);
                kernels.rnn_forward_step(g.cell().ordinal(), g.activation().ordinal(), g.recurrentActivation().ordinal(), ptr(inputProjection),
                        ptr(rec), ptrOrNull(recurrentBias), ptr(h0), ptrOrNull(c0), ptrOrNull(mask), ptr(ws), s, g.timeOf(s), steps, units, w,
                        batch * units);
            }
        }
        return ws;
    }

    /**
     * Per step, last to first: one launch of gate arithmetic and one product for the state's
     * gradient; the kernel's gradient is one product over all steps at the end.
     */
    @Override
    public Tensor[] recurrentBackward(RecurrentGeometry g, Tensor recurrentKernel, Tensor recurrentBias, Tensor h0, Tensor c0,
                                      Tensor mask, Tensor recurrentDropout, Tensor workspace, Tensor dWorkspace) {
        int batch = g.batch(), steps = g.steps(), units = g.units(), p = g.projection(), w = g.width();
        Tensor dxp = allocate(Shape.of(batch, steps, p));
        Tensor du = allocate(recurrentKernel.shape());
        Tensor drb = recurrentBias == null ? null : allocate(recurrentBias.shape());
        Tensor dh0 = full(h0.shape(), 0f);
        Tensor dc0 = c0 == null ? null : full(c0.shape(), 0f);
        try (Tensor dRec = allocate(Shape.of(steps, batch, p)); Tensor dhRec = allocate(Shape.of(batch, units));
             Tensor hp = allocate(Shape.of(steps, batch, units))) {
            for (int s = steps - 1; s >= 0; s--) {
                long dRecStep = ptr(dRec) + (long) s * batch * p * Float.BYTES;
                kernels.rnn_backward_step(g.cell().ordinal(), g.activation().ordinal(), g.recurrentActivation().ordinal(), ptr(workspace),
                        ptr(dWorkspace), ptr(h0), ptrOrNull(c0), ptrOrNull(mask), s == steps - 1 ? 0L : ptr(dhRec),
                        ptrOrNull(recurrentDropout), ptr(dh0), ptrOrNull(dc0), ptr(dxp), dRecStep, s, g.timeOf(s), steps, units, w,
                        batch * units);
                gemm(false, true, batch, units, p, dRecStep, p, ptr(recurrentKernel), p, ptr(dhRec), units);
            }
            kernels.rnn_add_recurrent_grad(ptr(dh0), ptr(dhRec), ptrOrNull(recurrentDropout), batch * units);
            kernels.rnn_previous_h(ptr(workspace), ptr(h0), ptrOrNull(recurrentDropout), ptr(hp), 0, batch, steps, units, w,
                    steps * batch * units);
            gemm(true, false, units, p, steps * batch, ptr(hp), units, ptr(dRec), p, ptr(du), p);
            if (drb != null) kernels.sum_columns(ptr(dRec), ptr(drb), steps * batch, p);
        }
        return new Tensor[] {dxp, du, drb, dh0, dc0};
    }

    /** Row-major {@code C = op(A) op(B)} on raw addresses with leading dimensions (see {@link #matmul}). */
    private void gemm(boolean ta, boolean tb, int m, int n, int k, long a, int lda, long b, int ldb, long c, int ldc) {
        libs.cublas().cublasSgemm_v2(cublasHandle, tb ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N, ta ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N,
                n, m, k, one, b, ldb, a, lda, zero, c, ldc);
    }

    private static long ptrOrNull(Tensor t) {
        return t == null ? 0L : ptr(t);
    }

    // ---- activations and softmax ------------------------------------------------------------------

    @Override
    public Tensor activation(ActivationKind kind, float alpha, Tensor x) {
        Tensor y = allocate(x.shape());
        kernels.activation(kind.ordinal(), alpha, ptr(x), ptr(y), n(x));
        return y;
    }

    @Override
    public Tensor activationBackward(ActivationKind kind, float alpha, Tensor x, Tensor y, Tensor dy) {
        Tensor dx = allocate(x.shape());
        kernels.activation_backward(kind.ordinal(), alpha, ptr(x), ptr(y), ptr(dy), ptr(dx), n(x));
        return dx;
    }

    @Override
    public Tensor softmax(Tensor x) {
        Tensor y = allocate(x.shape());
        kernels.softmax_rows(ptr(x), ptr(y), last(x), x.shape().rows());
        return y;
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        Tensor dx = allocate(y.shape());
        kernels.softmax_backward_rows(ptr(y), ptr(dy), ptr(dx), last(y), y.shape().rows());
        return dx;
    }

    @Override
    public Tensor logSoftmax(Tensor x) {
        Tensor y = allocate(x.shape());
        kernels.log_softmax_rows(ptr(x), ptr(y), last(x), x.shape().rows());
        return y;
    }

    @Override
    public Tensor logSoftmaxBackward(Tensor y, Tensor dy) {
        Tensor dx = allocate(y.shape());
        kernels.log_softmax_backward_rows(ptr(y), ptr(dy), ptr(dx), last(y), y.shape().rows());
        return dx;
    }

    // ---- fused losses ------------------------------------------------------------------------------

    @Override
    public Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, boolean sparse) {
        int rows = logits.dim(0);
        Tensor loss = allocate(Shape.of(rows));
        try (Tensor bad = badLabelFlag()) {
            kernels.softmax_cross_entropy_rows(ptr(logits), ptr(labels), sparse ? 1 : 0, ptr(loss), ptr(bad), last(logits), rows);
            if (sparse) checkSparseLabels(bad, labels, last(logits));
        }
        return loss;
    }

    @Override
    public Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, boolean sparse, Tensor dLoss) {
        Tensor dx = allocate(logits.shape());
        try (Tensor bad = badLabelFlag()) {
            kernels.softmax_cross_entropy_backward_rows(ptr(logits), ptr(labels), sparse ? 1 : 0, ptr(dLoss), ptr(dx), ptr(bad),
                    last(logits), logits.dim(0));
            if (sparse) checkSparseLabels(bad, labels, last(logits));
        }
        return dx;
    }

    /** One int on the device, set to INT_MAX: the loss kernels lower it to the first row whose sparse label is out of range. */
    private Tensor badLabelFlag() {
        Tensor flag = allocate(Shape.SCALAR);
        driver.cuMemsetD32Async(ptr(flag), Integer.MAX_VALUE, 1, stream);
        return flag;
    }

    /**
     * The CPU backend's error for a sparse label that is not a class index. It waits for the kernel (4 bytes come
     * back), which a training step does anyway when it reads its loss; without it a bad label would be a silent NaN.
     */
    private void checkSparseLabels(Tensor bad, Tensor labels, int classes) {
        int row;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(ValueLayout.JAVA_INT);
            driver.cuMemcpyDtoHAsync(host, ptr(bad), Integer.BYTES, stream);
            driver.cuStreamSynchronize(stream);
            row = host.get(ValueLayout.JAVA_INT, 0);
        }
        if (row == Integer.MAX_VALUE) return;
        float[] label = new float[1];
        try (Tensor one = allocate(Shape.of(1))) {
            driver.cuMemcpyDtoDAsync(ptr(one), ptr(labels) + (long) row * Float.BYTES, Float.BYTES, stream);
            copyToArray(one, label, 0);
        }
        throw new IllegalArgumentException("sparse categorical cross-entropy: label " + label[0] + " of sample " + row
                + " is not a class index in [0, " + classes + "); the model has " + classes + " outputs");
    }

    @Override
    public Tensor sigmoidCrossEntropy(Tensor logits, Tensor targets) {
        Tensor y = allocate(logits.shape());
        kernels.sigmoid_cross_entropy(ptr(logits), ptr(targets), ptr(y), n(logits));
        return y;
    }

    @Override
    public Tensor sigmoidCrossEntropyBackward(Tensor logits, Tensor targets, Tensor dy) {
        Tensor dx = allocate(logits.shape());
        kernels.sigmoid_cross_entropy_backward(ptr(logits), ptr(targets), ptr(dy), ptr(dx), n(logits));
        return dx;
    }

    // ---- elementwise ---------------------------------------------------------------------------------

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        Tensor y = allocate(x.shape());
        kernels.unary(op.ordinal(), ptr(x), ptr(y), n(x));
        return y;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        // The CPU backend's rule: the larger operand's shape; between one-element shapes, the higher rank.
        Shape shape = (a.size() != b.size() ? a.size() > b.size() : a.rank() >= b.rank()) ? a.shape() : b.shape();
        Tensor y = allocate(shape);
        kernels.binary(op.ordinal(), ptr(a), a.size() == 1 ? 0 : 1, ptr(b), b.size() == 1 ? 0 : 1, ptr(y), shape.sizeAsInt());
        return y;
    }

    @Override
    public Tensor scalar(ScalarOp op, Tensor x, float s) {
        Tensor y = allocate(x.shape());
        kernels.scalar_op(op.ordinal(), ptr(x), s, ptr(y), n(x));
        return y;
    }

    @Override
    public Tensor unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy) {
        Tensor dx = allocate(x.shape());
        kernels.unary_backward(op.ordinal(), ptr(x), ptr(y), ptr(dy), ptr(dx), n(x));
        return dx;
    }

    // ---- reductions ------------------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor x) {
        Tensor y = allocate(Shape.SCALAR);
        kernels.sum_all(ptr(x), ptr(y), n(x));
        return y;
    }

    @Override
    public Tensor sumLastAxis(Tensor x) {
        Tensor y = allocate(x.shape().dropLast());
        kernels.sum_rows(ptr(x), ptr(y), last(x), x.shape().rows());
        return y;
    }

    @Override
    public Tensor broadcastLastAxis(Tensor x, int count) {
        int[] dims = Arrays.copyOf(x.shape().toArray(), x.rank() + 1);
        dims[x.rank()] = count;
        Tensor y = allocate(Shape.of(dims));
        kernels.broadcast_last(ptr(x), ptr(y), count, n(y));
        return y;
    }

    @Override
    public Tensor sliceColumns(Tensor x, int from, int width) {
        Tensor y = allocate(Shape.of(x.shape().rows(), width));
        kernels.slice_columns(ptr(x), ptr(y), last(x), from, width, n(y));
        return y;
    }

    @Override
    public void copyColumns(Tensor src, Tensor dst, int from) {
        enter();
        kernels.copy_columns(ptr(src), ptr(dst), last(src), last(dst), from, n(src));
    }

    @Override
    public Tensor oneHot(Tensor indices, int classes) {
        Tensor y = allocate(Shape.of(indices.dim(0), classes));   // (N, classes), as the SPI says and the CPU does
        kernels.one_hot(ptr(indices), ptr(y), classes, n(y));
        return y;
    }

    @Override
    public Tensor argmaxLastAxis(Tensor x) {
        Tensor y = allocate(x.shape().dropLast());
        kernels.argmax_rows(ptr(x), ptr(y), last(x), x.shape().rows());
        return y;
    }

    @Override
    public Tensor countCorrect(AccuracyKind kind, Tensor predictions, Tensor labels, float threshold) {
        int rows = kind == AccuracyKind.BINARY ? n(predictions) : predictions.shape().rows();
        int channels = kind == AccuracyKind.BINARY ? 1 : last(predictions);
        try (Tensor right = allocate(Shape.of(rows))) {
            kernels.correct_rows(kind.ordinal(), ptr(predictions), ptr(labels), threshold, ptr(right), channels, rows);
            return sum(right);
        }
    }

    // ---- randomness ------------------------------------------------------------------------------------

    @Override
    public Tensor randomUniform(Shape shape, float low, float high, long seed) {
        Tensor y = allocate(shape);
        kernels.random_uniform(ptr(y), low, high, seed, shape.sizeAsInt());
        return y;
    }

    @Override
    public Tensor randomNormal(Shape shape, float mean, float stddev, boolean truncated, long seed) {
        Tensor y = allocate(shape);
        kernels.random_normal(ptr(y), mean, stddev, truncated ? 1 : 0, seed, shape.sizeAsInt());
        return y;
    }

    @Override
    public Tensor dropout(Tensor x, float rate, long seed) {
        Tensor y = allocate(x.shape());
        kernels.dropout_mask_apply(ptr(x), ptr(y), rate, rate >= 1f ? 0f : 1f / (1f - rate), seed, n(x));
        return y;
    }

    @Override
    public Tensor dropoutBackward(Tensor dy, float rate, long seed) {
        return dropout(dy, rate, seed);
    }

    // ---- in place ------------------------------------------------------------------------------------

    @Override
    public void addInPlace(Tensor dst, Tensor src, float alpha) {
        enter();
        kernels.add_scaled(ptr(dst), ptr(src), alpha, n(dst));
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        enter();
        if (src.size() > 0) driver.cuMemcpyDtoDAsync(ptr(dst), ptr(src), src.size() * Float.BYTES, stream);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov) {
        enter();
        kernels.sgd_update(ptr(param), ptr(grad), velocity == null ? 0L : ptr(velocity), lr, momentum, nesterov ? 1 : 0, n(param));
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon, long step) {
        enter();
        float lrT = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        kernels.adam_update(ptr(param), ptr(grad), ptr(m), ptr(v), lrT, beta1, beta2, epsilon, n(param));
    }

    @Override
    public void rmspropUpdate(Tensor param, Tensor grad, Tensor ms, Tensor mom, float lr, float rho, float momentum, float epsilon) {
        enter();
        kernels.rmsprop_update(ptr(param), ptr(grad), ptr(ms), mom == null ? 0L : ptr(mom), lr, rho, momentum, epsilon, n(param));
    }

    // ---- lifetime --------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed) return;
        enter();
        driver.cuStreamSynchronize(stream);
        convolution.close();
        pooling.close();
        batchNorm.close();
        kernels.close();
        allocator.close();
        libs.cudnn().cudnnDestroy(cudnnHandle);
        libs.cublas().cublasDestroy_v2(cublasHandle);
        driver.cuStreamDestroy(stream);
        driver.cuDevicePrimaryCtxRelease(device);
        constants.close();
        closed = true;
    }

    @Override
    public String toString() { return "CudaBackend[" + description + "]"; }
}
