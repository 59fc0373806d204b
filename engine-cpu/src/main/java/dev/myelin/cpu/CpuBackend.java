package dev.myelin.cpu;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Arrays;

/**
 * The pure-Java backend: tensors are float arrays on the heap, drawn from a bounded {@link BufferPool}
 * so a training step stops allocating after its first run; ops run synchronously, split across
 * cores by {@link Parallel}. The ops themselves live in small package-private helpers by family.
 */
public final class CpuBackend implements Backend {
    /** {@code -Dmyelin.cpu.warmUp=false} turns fit's warm-up off on this backend. */
    private static final String WARM_UP_PROPERTY = "myelin.cpu.warmUp";
    /** At most a quarter of the heap (and 1 GiB) sits in the pool. */
    private static final long POOL_BYTES = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    private static final long L2_BYTES = CacheSize.l2Bytes();

    private final BufferPool pool = new BufferPool(POOL_BYTES);

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public dev.myelin.backend.MemoryLimit memoryLimit() {
        return dev.myelin.backend.MemoryLimit.javaHeap();
    }

    @Override
    public String description() {
        return "pure Java, " + Parallel.threads() + " threads, matmul kernel " + Sgemm.kernelName() + ", Java " + Runtime.version();
    }

    /** Yes, unless {@code -Dmyelin.cpu.warmUp=false}: the kernels run interpreted or in C1 code until C2 compiles them. */
    @Override
    public boolean benefitsFromWarmUp() {
        return Boolean.parseBoolean(System.getProperty(WARM_UP_PROPERTY, "true"));
    }

    /**
     * As many samples as fill each thread's L2 cache half with their largest activation, so that a
     * layer's input and output stay in cache for the next layer, in multiples of the matrix
     * micro-kernel's rows where that many fit (a part of 11 ran LeNet's Dense as tiles of 4, 4 and 3 rows).
     */
    @Override
    public int inferenceRows(long activationBytes) {
        long rows = Parallel.threads() * L2_BYTES / (2 * Math.max(1, activationBytes));
        return (int) Math.min(Integer.MAX_VALUE, rows < Sgemm.TILE_ROWS ? Math.max(1, rows) : rows / Sgemm.TILE_ROWS * Sgemm.TILE_ROWS);
    }

    /** Floats held in the buffer pool, for tests and diagnostics. */
    public long pooledFloats() {
        return pool.pooledFloats();
    }

    /** Arrays this backend had to allocate because the pool had none of the size. */
    public long allocations() {
        return pool.allocations();
    }

    // ---- memory ----------------------------------------------------------------------------

    static float[] data(Tensor t) {
        return storage(t).values();
    }

    private static CpuStorage storage(Tensor t) {
        return (CpuStorage) t.storage();
    }

    /** Marks the values of the tensors an in-place op wrote (so no packing of the old ones is used). */
    private static void written(Tensor... tensors) {
        for (Tensor t : tensors) if (t != null) storage(t).written();
    }

    private static int size(Tensor t) {
        return t.shape().sizeAsInt();
    }

    @Override
    public Tensor empty(Shape shape) {
        return new Tensor(this, shape, new CpuStorage(pool.acquire(shape.sizeAsInt()), pool));
    }

    @Override
    public Tensor zeros(Shape shape) {
        return full(shape, 0f);
    }

    @Override
    public Tensor full(Shape shape, float value) {
        Tensor t = empty(shape);
        Arrays.fill(data(t), value);
        return t;
    }

    @Override
    public Tensor fromArray(Shape shape, float[] src, int offset) {
        Tensor t = empty(shape);
        System.arraycopy(src, offset, data(t), 0, shape.sizeAsInt());
        return t;
    }

    @Override
    public void copyToArray(Tensor t, float[] dst, int offset) {
        System.arraycopy(data(t), 0, dst, offset, size(t));
    }

    @Override
    public Tensor copy(Tensor t) {
        return fromArray(t.shape(), data(t), 0);
    }

    @Override
    public void synchronize() {
        // Ops finish before they return.
    }

    // ---- dense algebra -----------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        int m = transposeA ? a.dim(1) : a.dim(0), k = transposeA ? a.dim(0) : a.dim(1);
        int n = transposeB ? b.dim(0) : b.dim(1);
        Tensor c = empty(Shape.of(m, n));
        if (k == 0) {
            Arrays.fill(data(c), 0f);
            return c;
        }
        // B kept packed while unchanged (a Dense's kernel in inference).
        PackedB kept = transposeA ? null : KeptPackings.forProduct(storage(b), transposeB, m, n, k);
        if (kept != null) {
            Sgemm.sgemm(false, m, 1f, data(a), 0, k, kept, 0f, data(c), 0, n);
            return c;
        }
        Sgemm.sgemm(transposeA, transposeB, m, n, k, 1f, data(a), 0, a.dim(1), data(b), 0, b.dim(1), 0f, data(c), 0, n);
        return c;
    }

    @Override
    public Tensor addBias(Tensor x, Tensor bias) {
        Tensor y = empty(x.shape());
        float[] xs = data(x), bs = data(bias), ys = data(y);
        int cols = bias.dim(0);
        CpuElementwise.addBias(xs, bs, ys, size(x) / Math.max(1, cols), cols, pool);
        return y;
    }

    @Override
    public Tensor sumToLastAxis(Tensor x) {
        int cols = x.dim(-1);
        Tensor y = empty(Shape.of(cols));
        CpuReductions.sumToLastAxis(data(x), data(y), size(x) / Math.max(1, cols), cols);
        return y;
    }

    // ---- layout -------------------------------------------------------------------------------

    @Override
    public Tensor transpose(Tensor x, int[] axes) {
        int[] dims = x.shape().toArray(), out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = dims[axes[i]];
        Tensor y = empty(Shape.of(out));
        if (size(y) > 0) CpuLayout.transpose(data(x), dims, axes, data(y));
        return y;
    }

    @Override
    public Tensor pad2d(Tensor x, int top, int bottom, int left, int right) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        Tensor y = zeros(Shape.of(n, h + top + bottom, w + left + right, c));
        CpuLayout.window(data(x), data(y), n, h, w, c, h + top + bottom, w + left + right, top, left, true);
        return y;
    }

    @Override
    public Tensor crop2d(Tensor x, int top, int left, int height, int width) {
        int n = x.dim(0), c = x.dim(3);
        Tensor y = empty(Shape.of(n, height, width, c));
        CpuLayout.window(data(y), data(x), n, height, width, c, x.dim(1), x.dim(2), top, left, false);
        return y;
    }

    @Override
    public Tensor affineTransform(Tensor images, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode, float fillValue) {
        Tensor y = empty(images.shape());
        CpuAffineTransform.forward(data(images), data(transforms), data(y), images.dim(0), images.dim(1), images.dim(2), images.dim(3),
                interpolation, fillMode, fillValue);
        return y;
    }

    @Override
    public Tensor affineTransformBackward(Tensor dy, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode) {
        Tensor dx = zeros(dy.shape());
        CpuAffineTransform.backward(data(dy), data(transforms), data(dx), dy.dim(0), dy.dim(1), dy.dim(2), dy.dim(3), interpolation, fillMode);
        return dx;
    }

    @Override
    public Tensor scaleLastAxis(Tensor x, Tensor scale) {
        Tensor y = empty(x.shape());
        int cols = scale.dim(0);
        CpuBatchNorm.scaleLastAxis(data(x), data(scale), data(y), size(x) / Math.max(1, cols), cols);
        return y;
    }

    // ---- normalization -------------------------------------------------------------------------

    @Override
    public Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        int cols = x.dim(-1);
        Tensor y = empty(x.shape()), mean = empty(Shape.of(cols)), invStd = empty(Shape.of(cols));
        CpuBatchNorm.training(data(x), data(gamma), data(beta), epsilon, data(y), data(mean), data(invStd), size(x) / cols, cols);
        return new Tensor[] {y, mean, invStd};
    }

    @Override
    public Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon) {
        int cols = x.dim(-1);
        Tensor y = empty(x.shape());
        CpuBatchNorm.inference(data(x), data(gamma), data(beta), data(mean), data(variance), epsilon, data(y), size(x) / cols, cols);
        return y;
    }

    @Override
    public Tensor[] batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, float epsilon) {
        int cols = x.dim(-1);
        Tensor dx = empty(x.shape()), dgamma = empty(Shape.of(cols)), dbeta = empty(Shape.of(cols));
        CpuBatchNorm.backward(data(x), data(dy), data(gamma), data(mean), data(invStd), data(dx), data(dgamma), data(dbeta),
                size(x) / cols, cols);
        return new Tensor[] {dx, dgamma, dbeta};
    }

    // ---- convolution and pooling -------------------------------------------------------------

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Conv2dGeometry g) {
        Tensor y = empty(Shape.of(g.batch(), g.outH(), g.outW(), g.outC()));
        CpuConvolution.forward(data(x), storage(w), data(y), g, pool, null);
        return y;
    }

    @Override
    public Tensor conv2dScaleShiftActivation(Tensor x, Tensor w, Conv2dGeometry g, Tensor scale, Tensor shift,
                                             ActivationKind kind, float alpha) {
        if (kind != ActivationKind.RELU && kind != ActivationKind.LINEAR) {
            return Backend.super.conv2dScaleShiftActivation(x, w, g, scale, shift, kind, alpha);
        }
        return convolveWithEpilogue(x, w, g, new ChannelEpilogue(data(scale), data(shift), g.outC(), null, kind == ActivationKind.RELU));
    }

    @Override
    public Tensor conv2dScaleShiftAddActivation(Tensor x, Tensor w, Conv2dGeometry g, Tensor scale, Tensor shift, Tensor residual,
                                                ActivationKind kind, float alpha) {
        if (kind != ActivationKind.RELU && kind != ActivationKind.LINEAR) {
            return Backend.super.conv2dScaleShiftAddActivation(x, w, g, scale, shift, residual, kind, alpha);
        }
        Shape out = Shape.of(g.batch(), g.outH(), g.outW(), g.outC());
        if (!residual.shape().equals(out)) {
            throw new IllegalArgumentException("conv2dScaleShiftAddActivation: residual of shape " + residual.shape() + ", output " + out);
        }
        return convolveWithEpilogue(x, w, g, new ChannelEpilogue(data(scale), data(shift), g.outC(), data(residual), kind == ActivationKind.RELU));
    }

    private Tensor convolveWithEpilogue(Tensor x, Tensor w, Conv2dGeometry g, ChannelEpilogue epilogue) {
        Tensor y = empty(Shape.of(g.batch(), g.outH(), g.outW(), g.outC()));
        if (CpuWinogradConvolution.runs(g)) CpuWinogradConvolution.forward(data(x), storage(w), data(y), g, pool, epilogue);
        else CpuConvolution.forward(data(x), storage(w), data(y), g, pool, epilogue);
        return y;
    }

    @Override
    public Tensor conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g) {
        Tensor dx = empty(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()));
        CpuConvolution.backwardData(data(dy), data(w), data(dx), g, pool);
        return dx;
    }

    @Override
    public Tensor conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dGeometry g) {
        Tensor dw = empty(Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels()));
        CpuConvolution.backwardFilter(data(x), data(dy), data(dw), g, pool);
        return dw;
    }

    @Override
    public Tensor pool2d(PoolMode mode, Tensor x, Pool2dGeometry g) {
        Tensor y = empty(Shape.of(g.batch(), g.outH(), g.outW(), g.channels()));
        CpuPooling.forward(mode, data(x), data(y), g);
        return y;
    }

    @Override
    public Tensor pool2dBackward(PoolMode mode, Tensor x, Tensor y, Tensor dy, Pool2dGeometry g) {
        Tensor dx = empty(x.shape());
        CpuPooling.backward(mode, data(x), data(y), data(dy), data(dx), g);
        return dx;
    }

    // ---- sequences --------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor table, Tensor indices) {
        int batch = table.dim(0), rows = table.dim(1), d = table.dim(2), m = indices.dim(1);
        Tensor y = empty(Shape.of(batch, m, d));
        CpuSequences.gather(data(table), data(indices), indices.dim(0) == 1, data(y), batch, rows, m, d);
        return y;
    }

    @Override
    public Tensor gatherBackward(Tensor indices, Tensor dy, int rows) {
        int batch = dy.dim(0), m = dy.dim(1), d = dy.dim(2);
        Tensor dt = empty(Shape.of(batch, rows, d));
        CpuSequences.gatherBackward(data(indices), indices.dim(0) == 1, data(dy), data(dt), batch, rows, m, d);
        return dt;
    }

    @Override
    public void copyAlongAxis(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length) {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= src.dim(i);
        for (int i = axis + 1; i < src.rank(); i++) inner *= src.dim(i);
        CpuSequences.copyAlongAxis(data(src), src.dim(axis), srcStart, data(dst), dst.dim(axis), dstStart, outer, inner, length);
        written(dst);
    }

    @Override
    public Tensor recurrentForward(RecurrentGeometry g, Tensor inputProjection, Tensor recurrentKernel, Tensor recurrentBias,
                                   Tensor h0, Tensor c0, Tensor mask, Tensor recurrentDropout) {
        Tensor ws = empty(Shape.of(g.batch(), g.steps(), g.width()));
        CpuRecurrent.forward(g, data(inputProjection), data(recurrentKernel), orNull(recurrentBias), data(h0), orNull(c0), orNull(mask),
                orNull(recurrentDropout), data(ws));
        return ws;
    }

    @Override
    public Tensor[] recurrentBackward(RecurrentGeometry g, Tensor recurrentKernel, Tensor recurrentBias, Tensor h0, Tensor c0,
                                      Tensor mask, Tensor recurrentDropout, Tensor workspace, Tensor dWorkspace) {
        Tensor dxp = empty(Shape.of(g.batch(), g.steps(), g.projection()));
        Tensor du = empty(recurrentKernel.shape());
        Tensor drb = recurrentBias == null ? null : empty(recurrentBias.shape());
        Tensor dh0 = empty(h0.shape());
        Tensor dc0 = c0 == null ? null : empty(c0.shape());
        CpuRecurrent.backward(g, data(recurrentKernel), data(h0), orNull(c0), orNull(mask), orNull(recurrentDropout), data(workspace),
                data(dWorkspace), data(dxp), data(du), orNull(drb), data(dh0), orNull(dc0));
        return new Tensor[] {dxp, du, drb, dh0, dc0};
    }

    private static float[] orNull(Tensor t) {
        return t == null ? null : data(t);
    }

    // ---- activations and softmax -------------------------------------------------------------

    @Override
    public Tensor activation(ActivationKind kind, float alpha, Tensor x) {
        Tensor y = empty(x.shape());
        CpuActivations.forward(kind, alpha, data(x), data(y), size(x));
        return y;
    }

    /** Relu and linear in one pass ({@code max(x + b, 0)}: the bits of the two ops); other kinds as the two ops. */
    @Override
    public Tensor addBiasActivation(Tensor x, Tensor bias, ActivationKind kind, float alpha) {
        if (kind != ActivationKind.RELU && kind != ActivationKind.LINEAR) return Backend.super.addBiasActivation(x, bias, kind, alpha);
        Tensor y = empty(x.shape());
        int cols = bias.dim(0);
        CpuElementwise.addBiasActivation(data(x), data(bias), kind == ActivationKind.RELU, data(y), size(x) / Math.max(1, cols), cols, pool);
        return y;
    }

    @Override
    public Tensor activationBackward(ActivationKind kind, float alpha, Tensor x, Tensor y, Tensor dy) {
        Tensor dx = empty(x.shape());
        CpuActivations.backward(kind, alpha, data(x), data(y), data(dy), data(dx), size(x));
        return dx;
    }

    @Override
    public Tensor softmax(Tensor x) {
        Tensor y = empty(x.shape());
        CpuActivations.softmax(data(x), data(y), x.shape().rows(), x.dim(-1));
        return y;
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        Tensor dx = empty(y.shape());
        CpuActivations.softmaxBackward(data(y), data(dy), data(dx), y.shape().rows(), y.dim(-1));
        return dx;
    }

    @Override
    public Tensor logSoftmax(Tensor x) {
        Tensor y = empty(x.shape());
        CpuActivations.logSoftmax(data(x), data(y), x.shape().rows(), x.dim(-1));
        return y;
    }

    @Override
    public Tensor logSoftmaxBackward(Tensor y, Tensor dy) {
        Tensor dx = empty(y.shape());
        CpuActivations.logSoftmaxBackward(data(y), data(dy), data(dx), y.shape().rows(), y.dim(-1));
        return dx;
    }

    // ---- fused losses ------------------------------------------------------------------------

    @Override
    public Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, boolean sparse) {
        int rows = logits.dim(0), cols = logits.dim(1);
        Tensor loss = empty(Shape.of(rows));
        CpuLosses.softmaxCrossEntropy(data(logits), data(labels), sparse, data(loss), rows, cols);
        return loss;
    }

    @Override
    public Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, boolean sparse, Tensor dLoss) {
        Tensor dx = empty(logits.shape());
        CpuLosses.softmaxCrossEntropyBackward(data(logits), data(labels), sparse, data(dLoss), data(dx), logits.dim(0), logits.dim(1));
        return dx;
    }

    @Override
    public Tensor sigmoidCrossEntropy(Tensor logits, Tensor targets) {
        Tensor loss = empty(logits.shape());
        CpuLosses.sigmoidCrossEntropy(data(logits), data(targets), data(loss), size(logits));
        return loss;
    }

    @Override
    public Tensor sigmoidCrossEntropyBackward(Tensor logits, Tensor targets, Tensor dy) {
        Tensor dx = empty(logits.shape());
        CpuLosses.sigmoidCrossEntropyBackward(data(logits), data(targets), data(dy), data(dx), size(logits));
        return dx;
    }

    // ---- elementwise -------------------------------------------------------------------------

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        Tensor y = empty(x.shape());
        CpuElementwise.unary(op, data(x), data(y), size(x));
        return y;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        // The larger operand's shape; between one-element shapes, the higher rank, as NumPy broadcasts.
        boolean aShape = size(a) != size(b) ? size(a) > size(b) : a.rank() >= b.rank();
        Tensor y = empty(aShape ? a.shape() : b.shape());
        CpuElementwise.binary(op, data(a), size(a), data(b), size(b), data(y), size(y));
        return y;
    }

    @Override
    public Tensor scalar(ScalarOp op, Tensor x, float s) {
        Tensor y = empty(x.shape());
        CpuElementwise.scalar(op, data(x), s, data(y), size(x));
        return y;
    }

    @Override
    public Tensor unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy) {
        Tensor dx = empty(x.shape());
        CpuElementwise.unaryBackward(op, data(x), data(y), data(dy), data(dx), size(x));
        return dx;
    }

    // ---- reductions --------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor x) {
        return full(Shape.SCALAR, CpuReductions.sum(data(x), size(x)));
    }

    @Override
    public Tensor sumLastAxis(Tensor x) {
        Tensor y = empty(x.shape().dropLast());
        CpuReductions.sumLastAxis(data(x), data(y), x.shape().rows(), x.dim(-1));
        return y;
    }

    @Override
    public Tensor broadcastLastAxis(Tensor x, int n) {
        int[] dims = Arrays.copyOf(x.shape().toArray(), x.rank() + 1);
        dims[x.rank()] = n;
        Tensor y = empty(Shape.of(dims));
        CpuReductions.broadcastLastAxis(data(x), data(y), size(x), n);
        return y;
    }

    @Override
    public Tensor sliceColumns(Tensor x, int from, int width) {
        int cols = x.dim(-1), rows = x.shape().rows();
        Tensor y = empty(Shape.of(rows, width));
        float[] src = data(x), dst = data(y);
        for (int r = 0; r < rows; r++) System.arraycopy(src, r * cols + from, dst, r * width, width);
        return y;
    }

    @Override
    public void copyColumns(Tensor src, Tensor dst, int from) {
        int width = src.dim(-1), cols = dst.dim(-1), rows = dst.shape().rows();
        float[] s = data(src), d = data(dst);
        for (int r = 0; r < rows; r++) System.arraycopy(s, r * width, d, r * cols + from, width);
        written(dst);
    }

    @Override
    public Tensor oneHot(Tensor indices, int classes) {
        Tensor y = empty(Shape.of(indices.dim(0), classes));
        CpuReductions.oneHot(data(indices), data(y), indices.dim(0), classes);
        return y;
    }

    @Override
    public Tensor argmaxLastAxis(Tensor x) {
        Tensor y = empty(x.shape().dropLast());
        CpuReductions.argmaxLastAxis(data(x), data(y), x.shape().rows(), x.dim(-1));
        return y;
    }

    @Override
    public Tensor countCorrect(AccuracyKind kind, Tensor predictions, Tensor labels, float threshold) {
        int rows = predictions.dim(0), cols = size(predictions) / Math.max(1, rows);
        return full(Shape.SCALAR, CpuLosses.countCorrect(kind, data(predictions), data(labels), threshold, rows, cols));
    }

    // ---- randomness ----------------------------------------------------------------------------

    @Override
    public Tensor randomUniform(Shape shape, float low, float high, long seed) {
        Tensor y = empty(shape);
        CpuRandom.uniform(data(y), size(y), low, high, seed);
        return y;
    }

    @Override
    public Tensor randomNormal(Shape shape, float mean, float stddev, boolean truncated, long seed) {
        Tensor y = empty(shape);
        CpuRandom.normal(data(y), size(y), mean, stddev, truncated, seed);
        return y;
    }

    @Override
    public Tensor dropout(Tensor x, float rate, long seed) {
        Tensor y = empty(x.shape());
        CpuRandom.dropout(data(x), data(y), size(x), rate, seed);
        return y;
    }

    @Override
    public Tensor dropoutBackward(Tensor dy, float rate, long seed) {
        return dropout(dy, rate, seed); // same mask and scale: the op is linear in x
    }

    // ---- in place: accumulation and optimizer updates -----------------------------------------

    @Override
    public void addInPlace(Tensor dst, Tensor src, float alpha) {
        CpuElementwise.addInPlace(data(dst), data(src), alpha, size(dst));
        written(dst);
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        System.arraycopy(data(src), 0, data(dst), 0, size(src));
        written(dst);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov) {
        CpuOptimizers.sgd(data(param), data(grad), velocity == null ? null : data(velocity), size(param), lr, momentum, nesterov);
        written(param, velocity);
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon, long step) {
        CpuOptimizers.adam(data(param), data(grad), data(m), data(v), size(param), lr, beta1, beta2, epsilon, step);
        written(param, m, v);
    }

    @Override
    public void rmspropUpdate(Tensor param, Tensor grad, Tensor ms, Tensor mom, float lr, float rho, float momentum, float epsilon) {
        CpuOptimizers.rmsprop(data(param), data(grad), data(ms), mom == null ? null : data(mom), size(param), lr, rho, momentum, epsilon);
        written(param, ms, mom);
    }

    @Override
    public void close() {
        pool.clear();
    }
}
