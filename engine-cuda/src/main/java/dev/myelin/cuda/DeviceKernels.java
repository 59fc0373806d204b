package dev.myelin.cuda;

import dev.myelin.cuda.ffm.CudaDriver;
import dev.myelin.cuda.kernel.KernelCache;
import dev.myelin.cuda.kernel.KernelSources;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CUDA C kernels under {@code resources/dev/myelin/cuda/kernels}, compiled (or taken from the
 * cache) and loaded at start, with one typed Java method per kernel: same name, and parameters
 * {@code long} for a pointer or {@code unsigned long long}, {@code int}, {@code float} in the same
 * order, so the compiler checks every call site (KernelSourcesTest checks these against the sources).
 */
final class DeviceKernels implements AutoCloseable {
    /** {@code extern "C" __global__ void name(params)}. */
    static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private static final int THREADS = 256;
    private static final int MAX_BLOCKS = 32768;   // kernels loop grid-stride, so a cap only bounds launch size
    static final int REDUCE_THREADS = 1024;        // sum_all and sum_columns use a power-of-two block up to this

    private final CudaDriver driver;
    private final MemorySegment stream;
    private final List<MemorySegment> modules = new ArrayList<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();

    DeviceKernels(CudaDriver driver, MemorySegment stream, KernelCache cache, List<String> options) {
        this.driver = driver;
        this.stream = stream;
        try {
            for (String module : KernelSources.MODULES) {
                String source = KernelSources.source(module);
                byte[] binary = cache.binary(module + ".cu", source, options);
                MemorySegment handle;
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment image = a.allocate(binary.length + 1L, 16);   // +1: a NUL in case it is PTX
                    MemorySegment.copy(binary, 0, image, ValueLayout.JAVA_BYTE, 0, binary.length);
                    handle = driver.cuModuleLoadData(image);
                }
                modules.add(handle);
                for (String name : kernelNames(source)) functions.put(name, driver.cuModuleGetFunction(handle, name));
            }
        } catch (RuntimeException e) {
            close();   // the modules loaded before the one that failed
            throw e;
        }
    }

    static List<String> kernelNames(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private void launch(String name, int grid, int block, Object... args) {
        MemorySegment f = functions.get(name);
        if (f == null) throw new IllegalStateException("kernel " + name + " is not in any kernel module");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment slot = switch (args[i]) {
                    case Long l -> a.allocateFrom(ValueLayout.JAVA_LONG, l);
                    case Integer n -> a.allocateFrom(ValueLayout.JAVA_INT, n);
                    case Float v -> a.allocateFrom(ValueLayout.JAVA_FLOAT, v);
                    default -> throw new IllegalArgumentException("kernel " + name + " argument " + i + " has type " + args[i].getClass());
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, slot);
            }
            driver.cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, stream, params, MemorySegment.NULL);
        }
    }

    /** One thread per item, grid-stride beyond {@link #MAX_BLOCKS} blocks; nothing to do for none. */
    private void each(String name, long items, Object... args) {
        if (items == 0) return;
        int blocks = (int) Math.min(MAX_BLOCKS, (items + THREADS - 1) / THREADS);
        launch(name, blocks, THREADS, args);
    }

    // ---- elementwise.cu ----

    void fill(long y, float value, int n) { each("fill", n, y, value, n); }

    void add_bias(long x, long bias, long y, int channels, int n) { each("add_bias", n, x, bias, y, channels, n); }

    void scale_last_axis(long x, long scale, long y, int channels, int n) { each("scale_last_axis", n, x, scale, y, channels, n); }

    void activation(int kind, float alpha, long x, long y, int n) { each("activation", n, kind, alpha, x, y, n); }

    void activation_backward(int kind, float alpha, long x, long y, long dy, long dx, int n) {
        each("activation_backward", n, kind, alpha, x, y, dy, dx, n);
    }

    void unary(int op, long x, long y, int n) { each("unary", n, op, x, y, n); }

    void unary_backward(int op, long x, long y, long dy, long dx, int n) { each("unary_backward", n, op, x, y, dy, dx, n); }

    void binary(int op, long a, int strideA, long b, int strideB, long y, int n) {
        each("binary", n, op, a, strideA, b, strideB, y, n);
    }

    void scalar_op(int op, long x, float s, long y, int n) { each("scalar_op", n, op, x, s, y, n); }

    void add_scaled(long dst, long src, float alpha, int n) { each("add_scaled", n, dst, src, alpha, n); }

    void one_hot(long indices, long y, int classes, int n) { each("one_hot", n, indices, y, classes, n); }

    void broadcast_last(long x, long y, int count, int n) { each("broadcast_last", n, x, y, count, n); }

    void slice_columns(long x, long y, int cols, int from, int width, int n) { each("slice_columns", n, x, y, cols, from, width, n); }

    void copy_columns(long src, long dst, int width, int cols, int from, int n) { each("copy_columns", n, src, dst, width, cols, from, n); }

    void transpose(long x, long y, int d0, int d1, int d2, int d3, int d4, int d5, int s0, int s1, int s2, int s3, int s4, int s5,
                   int n) {
        each("transpose", n, x, y, d0, d1, d2, d3, d4, d5, s0, s1, s2, s3, s4, s5, n);
    }

    void affine_transform(long x, long t, long y, int h, int w, int c, int interpolation, int mode, float fill, int n) {
        each("affine_transform", n, x, t, y, h, w, c, interpolation, mode, fill, n);
    }

    void affine_transform_backward(long dy, long t, long dx, int h, int w, int c, int interpolation, int mode, int n) {
        each("affine_transform_backward", n, dy, t, dx, h, w, c, interpolation, mode, n);
    }

    void pad_nhwc(long x, long y, int h, int w, int c, int top, int left, int ph, int pw, int n) {
        each("pad_nhwc", n, x, y, h, w, c, top, left, ph, pw, n);
    }

    void crop_nhwc(long x, long y, int h, int w, int c, int top, int left, int ph, int pw, int n) {
        each("crop_nhwc", n, x, y, h, w, c, top, left, ph, pw, n);
    }

    // ---- reduce.cu ----

    void sum_all(long x, long y, int n) { launch("sum_all", 1, REDUCE_THREADS, x, y, n); }

    void sum_columns(long x, long y, int rows, int channels) {
        if (channels > 0) launch("sum_columns", channels, THREADS, x, y, rows, channels);
    }

    void sum_rows(long x, long y, int channels, int rows) { each("sum_rows", rows, x, y, channels, rows); }

    void argmax_rows(long x, long y, int channels, int rows) { each("argmax_rows", rows, x, y, channels, rows); }

    void correct_rows(int kind, long predictions, long labels, float threshold, long y, int channels, int rows) {
        each("correct_rows", rows, kind, predictions, labels, threshold, y, channels, rows);
    }

    // ---- softmax.cu ----

    void softmax_rows(long x, long y, int c, int rows) { each("softmax_rows", rows, x, y, c, rows); }

    void log_softmax_rows(long x, long y, int c, int rows) { each("log_softmax_rows", rows, x, y, c, rows); }

    void softmax_backward_rows(long y, long dy, long dx, int c, int rows) { each("softmax_backward_rows", rows, y, dy, dx, c, rows); }

    void log_softmax_backward_rows(long y, long dy, long dx, int c, int rows) {
        each("log_softmax_backward_rows", rows, y, dy, dx, c, rows);
    }

    void softmax_cross_entropy_rows(long logits, long labels, int sparse, long loss, long bad, int c, int rows) {
        each("softmax_cross_entropy_rows", rows, logits, labels, sparse, loss, bad, c, rows);
    }

    void softmax_cross_entropy_backward_rows(long logits, long labels, int sparse, long dloss, long dx, long bad, int c, int rows) {
        each("softmax_cross_entropy_backward_rows", rows, logits, labels, sparse, dloss, dx, bad, c, rows);
    }

    void sigmoid_cross_entropy(long x, long t, long y, int n) { each("sigmoid_cross_entropy", n, x, t, y, n); }

    void sigmoid_cross_entropy_backward(long x, long t, long dy, long dx, int n) {
        each("sigmoid_cross_entropy_backward", n, x, t, dy, dx, n);
    }

    // ---- random.cu ----

    void random_uniform(long y, float low, float high, long seed, int n) { each("random_uniform", n, y, low, high, seed, n); }

    void random_normal(long y, float mean, float stddev, int truncated, long seed, int n) {
        each("random_normal", n, y, mean, stddev, truncated, seed, n);
    }

    void dropout_mask_apply(long x, long y, float rate, float scale, long seed, int n) {
        each("dropout_mask_apply", n, x, y, rate, scale, seed, n);
    }

    // ---- optimizers.cu ----

    void sgd_update(long p, long g, long v, float lr, float momentum, int nesterov, int n) {
        each("sgd_update", n, p, g, v, lr, momentum, nesterov, n);
    }

    void adam_update(long p, long g, long m, long v, float lrT, float beta1, float beta2, float epsilon, int n) {
        each("adam_update", n, p, g, m, v, lrT, beta1, beta2, epsilon, n);
    }

    void rmsprop_update(long p, long g, long ms, long mom, float lr, float rho, float momentum, float epsilon, int n) {
        each("rmsprop_update", n, p, g, ms, mom, lr, rho, momentum, epsilon, n);
    }

    // ---- pool.cu ----

    void pool_forward(int average, long x, long out, int h, int w, int c, int ph, int pw, int sh, int sw, int top, int left,
                      int oh, int ow, int n) {
        each("pool_forward", n, average, x, out, h, w, c, ph, pw, sh, sw, top, left, oh, ow, n);
    }

    void pool_backward(int average, long x, long dy, long dx, int h, int w, int c, int ph, int pw, int sh, int sw, int top,
                       int left, int oh, int ow, int n) {
        each("pool_backward", n, average, x, dy, dx, h, w, c, ph, pw, sh, sw, top, left, oh, ow, n);
    }

    // ---- sequence.cu ----

    void gather_rows(long table, long idx, int shared, long y, int rows, int m, int d, int n) {
        each("gather_rows", n, table, idx, shared, y, rows, m, d, n);
    }

    void gather_rows_backward(long idx, int shared, long dy, long dt, int rows, int m, int d, int n) {
        each("gather_rows_backward", n, idx, shared, dy, dt, rows, m, d, n);
    }

    void copy_axis(long src, int srcLen, int srcStart, long dst, int dstLen, int dstStart, int inner, int length, int n) {
        each("copy_axis", n, src, srcLen, srcStart, dst, dstLen, dstStart, inner, length, n);
    }

    void rnn_previous_h(long ws, long h0, long rdrop, long hp, int s0, int batch, int steps, int units, int width, int n) {
        each("rnn_previous_h", n, ws, h0, rdrop, hp, s0, batch, steps, units, width, n);
    }

    void rnn_forward_step(int cell, int act, int ract, long xp, long rec, long rb, long h0, long c0, long mask, long ws, int s, int t,
                          int steps, int units, int width, int n) {
        each("rnn_forward_step", n, cell, act, ract, xp, rec, rb, h0, c0, mask, ws, s, t, steps, units, width, n);
    }

    void rnn_backward_step(int cell, int act, int ract, long ws, long dws, long h0, long c0, long mask, long dhRec, long rdrop, long dh,
                           long dc, long dxp, long drec, int s, int t, int steps, int units, int width, int n) {
        each("rnn_backward_step", n, cell, act, ract, ws, dws, h0, c0, mask, dhRec, rdrop, dh, dc, dxp, drec, s, t, steps, units, width, n);
    }

    void rnn_add_recurrent_grad(long dh, long dhRec, long rdrop, int n) { each("rnn_add_recurrent_grad", n, dh, dhRec, rdrop, n); }

    @Override
    public void close() {
        for (MemorySegment m : modules) driver.cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}
