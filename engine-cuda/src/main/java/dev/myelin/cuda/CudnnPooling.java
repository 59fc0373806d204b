package dev.myelin.cuda;

import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.cuda.ffm.Cudnn;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static dev.myelin.cuda.ffm.Cudnn.CUDNN_DATA_FLOAT;
import static dev.myelin.cuda.ffm.Cudnn.CUDNN_TENSOR_NHWC;

/**
 * Max and average pooling on NHWC tensors. cuDNN takes symmetric padding (Keras's {@code valid},
 * and {@code same} when the total is even); an asymmetric geometry runs the kernel in {@code pool.cu},
 * since explicit padding would change the divisor of average pooling, and so does max pooling's backward. Average pooling excludes
 * padding from the count, as Keras does.
 */
final class CudnnPooling implements AutoCloseable {
    private record Key(PoolMode mode, Pool2dGeometry g) {}

    record Plan(MemorySegment pool, MemorySegment xDesc, MemorySegment yDesc) {}

    private final Cudnn cudnn;
    private final MemorySegment handle;
    private final DeviceKernels kernels;
    private final MemorySegment one, zero;
    private final Map<Key, Plan> plans = new HashMap<>();

    CudnnPooling(Cudnn cudnn, MemorySegment handle, DeviceKernels kernels, MemorySegment one, MemorySegment zero) {
        this.cudnn = cudnn;
        this.handle = handle;
        this.kernels = kernels;
        this.one = one;
        this.zero = zero;
    }

    /** The cuDNN descriptors of one symmetric geometry, made on first use (the real-library checks make them without a device). */
    Plan plan(PoolMode mode, Pool2dGeometry g) {
        return plans.computeIfAbsent(new Key(mode, g), k -> {
            MemorySegment pool = cudnn.cudnnCreatePoolingDescriptor();
            cudnn.cudnnSetPooling2dDescriptor(pool, mode == PoolMode.MAX ? Cudnn.CUDNN_POOLING_MAX : Cudnn.CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING,
                    Cudnn.CUDNN_PROPAGATE_NAN, g.poolH(), g.poolW(), g.padTop(), g.padLeft(), g.strideH(), g.strideW());
            MemorySegment x = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(x, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, g.batch(), g.channels(), g.inH(), g.inW());
            MemorySegment y = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(y, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, g.batch(), g.channels(), g.outH(), g.outW());
            int[] nchw = cudnn.cudnnGetPooling2dForwardOutputDim(pool, x);
            if (nchw[0] != g.batch() || nchw[1] != g.channels() || nchw[2] != g.outH() || nchw[3] != g.outW()) {
                throw new IllegalStateException("cuDNN computes a pooling output of (n, c, h, w) = " + java.util.Arrays.toString(nchw)
                        + " for " + g + ", where Myelin expects " + java.util.Arrays.toString(new int[] {g.batch(), g.channels(), g.outH(), g.outW()}));
            }
            return new Plan(pool, x, y);
        });
    }

    void forward(PoolMode mode, Pool2dGeometry g, long x, long y) {
        if (!g.symmetricPadding()) {
            kernels.pool_forward(mode == PoolMode.AVERAGE ? 1 : 0, x, y, g.inH(), g.inW(), g.channels(), g.poolH(), g.poolW(),
                    g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.outH(), g.outW(),
                    Math.toIntExact((long) g.batch() * g.outH() * g.outW() * g.channels()));
            return;
        }
        Plan p = plan(mode, g);
        cudnn.cudnnPoolingForward(handle, p.pool(), one, p.xDesc(), x, zero, p.yDesc(), y);
    }

    /**
     * Max pooling's backward always runs the kernel: cuDNN's {@code CUDNN_POOLING_MAX} leaves unspecified which of
     * tied maxima gets the gradient, where the CPU backend (and the kernel) give it to the first.
     */
    void backward(PoolMode mode, Pool2dGeometry g, long x, long y, long dy, long dx) {
        if (!g.symmetricPadding() || mode == PoolMode.MAX) {
            kernels.pool_backward(mode == PoolMode.AVERAGE ? 1 : 0, x, dy, dx, g.inH(), g.inW(), g.channels(), g.poolH(), g.poolW(),
                    g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.outH(), g.outW(),
                    Math.toIntExact((long) g.batch() * g.inH() * g.inW() * g.channels()));
            return;
        }
        Plan p = plan(mode, g);
        cudnn.cudnnPoolingBackward(handle, p.pool(), one, p.yDesc(), y, p.yDesc(), dy, p.xDesc(), x, zero, p.xDesc(), dx);
    }

    @Override
    public void close() {
        for (Plan p : plans.values()) {
            cudnn.cudnnDestroyPoolingDescriptor(p.pool());
            cudnn.cudnnDestroyTensorDescriptor(p.xDesc());
            cudnn.cudnnDestroyTensorDescriptor(p.yDesc());
        }
        plans.clear();
    }
}
