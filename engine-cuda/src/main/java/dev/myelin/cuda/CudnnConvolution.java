package dev.myelin.cuda;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.Cudnn.AlgoPerf;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.myelin.cuda.ffm.Cudnn.CUDNN_DATA_FLOAT;
import static dev.myelin.cuda.ffm.Cudnn.CUDNN_TENSOR_NHWC;

/**
 * 2-D convolutions on cuDNN: NHWC tensors and NHWC (= OHWI) filters, cross-correlation as in Keras.
 * Descriptors and algorithms are made once per geometry and kept; the workspace is one block, grown
 * when an algorithm needs more.
 *
 * <p>cuDNN pads symmetrically only. For Keras's {@code same} with an odd total (the extra pixel at
 * the bottom and right) the input is padded explicitly by the difference and cuDNN pads the rest
 * symmetrically, as TensorFlow does; the backward-data result is cropped back.
 */
final class CudnnConvolution implements AutoCloseable {
    private static final int REQUESTED_ALGORITHMS = 8;

    /** Everything cuDNN needs for one geometry; algorithms are chosen on first use of each direction. */
    private static final class Plan {
        final Conv2dGeometry g;
        final int extraTop, extraLeft, paddedH, paddedW;
        final MemorySegment xDesc, wDesc, convDesc, yDesc;
        AlgoPerf forward, backwardData, backwardFilter;

        Plan(Conv2dGeometry g, Cudnn cudnn) {
            this.g = g;
            int symH = Math.min(g.padTop(), g.padBottom()), symW = Math.min(g.padLeft(), g.padRight());
            extraTop = g.padTop() - symH;
            extraLeft = g.padLeft() - symW;
            paddedH = g.inH() + g.padTop() + g.padBottom() - 2 * symH;
            paddedW = g.inW() + g.padLeft() + g.padRight() - 2 * symW;
            xDesc = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(xDesc, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, g.batch(), g.inC(), paddedH, paddedW);
            wDesc = cudnn.cudnnCreateFilterDescriptor();
            cudnn.cudnnSetFilter4dDescriptor(wDesc, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NHWC, g.outC(), g.inC(), g.kernelH(), g.kernelW());
            convDesc = cudnn.cudnnCreateConvolutionDescriptor();
            cudnn.cudnnSetConvolution2dDescriptor(convDesc, symH, symW, g.strideH(), g.strideW(), 1, 1,
                    Cudnn.CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT);
            yDesc = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(yDesc, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, g.batch(), g.outC(), g.outH(), g.outW());
        }

        boolean explicitPadding() { return paddedH != g.inH() || paddedW != g.inW(); }

        long paddedElements() { return (long) g.batch() * paddedH * paddedW * g.inC(); }

        void destroy(Cudnn cudnn) {
            cudnn.cudnnDestroyTensorDescriptor(xDesc);
            cudnn.cudnnDestroyFilterDescriptor(wDesc);
            cudnn.cudnnDestroyConvolutionDescriptor(convDesc);
            cudnn.cudnnDestroyTensorDescriptor(yDesc);
        }
    }

    private final Cudnn cudnn;
    private final MemorySegment handle;
    private final CachingAllocator allocator;
    private final DeviceKernels kernels;
    private final boolean tf32;
    private final MemorySegment one, zero;
    private final Map<Conv2dGeometry, Plan> plans = new HashMap<>();
    private CachingAllocator.Block workspace;

    CudnnConvolution(Cudnn cudnn, MemorySegment handle, CachingAllocator allocator, DeviceKernels kernels, boolean tf32,
                     MemorySegment one, MemorySegment zero) {
        this.cudnn = cudnn;
        this.handle = handle;
        this.allocator = allocator;
        this.kernels = kernels;
        this.tf32 = tf32;
        this.one = one;
        this.zero = zero;
    }

    private Plan plan(Conv2dGeometry g) {
        return plans.computeIfAbsent(g, k -> new Plan(k, cudnn));
    }

    /** The workspace, grown to at least {@code bytes}; the old block returns to the pool (stream order keeps it safe). */
    private long workspace(long bytes) {
        if (bytes == 0) return 0;
        if (workspace == null || workspace.bytes() < bytes) {
            if (workspace != null) allocator.release(workspace);
            workspace = allocator.allocate(bytes);
        }
        return workspace.address();
    }

    private long workspaceBytes() { return workspace == null ? 0 : workspace.bytes(); }

    /** {@code x} padded by the explicit part of the padding, or {@code x} itself; the caller releases a padded copy. */
    private CachingAllocator.Block padded(Plan p, long x) {
        if (!p.explicitPadding()) return null;
        CachingAllocator.Block b = allocator.allocate(p.paddedElements() * Float.BYTES);
        Conv2dGeometry g = p.g;
        kernels.pad_nhwc(x, b.address(), g.inH(), g.inW(), g.inC(), p.extraTop, p.extraLeft, p.paddedH, p.paddedW,
                Math.toIntExact(p.paddedElements()));
        return b;
    }

    void forward(Conv2dGeometry g, long x, long w, long y) {
        Plan p = plan(g);
        if (p.forward == null) {
            cudnn.cudnnSetConvolutionMathType(p.convDesc, tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH);
            List<AlgoPerf> ranked = cudnn.cudnnGetConvolutionForwardAlgorithm_v7(handle, p.xDesc, p.wDesc, p.convDesc, p.yDesc, REQUESTED_ALGORITHMS);
            p.forward = ConvolutionAlgorithms.choose(ranked, tf32, "the forward convolution " + g);
        }
        cudnn.cudnnSetConvolutionMathType(p.convDesc, ConvolutionAlgorithms.mathType(p.forward, tf32));
        long need = cudnn.cudnnGetConvolutionForwardWorkspaceSize(handle, p.xDesc, p.wDesc, p.convDesc, p.yDesc, p.forward.algo());
        long ws = workspace(need);
        CachingAllocator.Block xp = padded(p, x);
        try {
            cudnn.cudnnConvolutionForward(handle, one, p.xDesc, xp == null ? x : xp.address(), p.wDesc, w, p.convDesc,
                    p.forward.algo(), ws, need == 0 ? 0 : workspaceBytes(), zero, p.yDesc, y);
        } finally {
            if (xp != null) allocator.release(xp);
        }
    }

    void backwardData(Conv2dGeometry g, long dy, long w, long dx) {
        Plan p = plan(g);
        if (p.backwardData == null) {
            cudnn.cudnnSetConvolutionMathType(p.convDesc, tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH);
            List<AlgoPerf> ranked = cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, p.wDesc, p.yDesc, p.convDesc, p.xDesc, REQUESTED_ALGORITHMS);
            p.backwardData = ConvolutionAlgorithms.choose(ranked, tf32, "the backward-data convolution " + g);
        }
        cudnn.cudnnSetConvolutionMathType(p.convDesc, ConvolutionAlgorithms.mathType(p.backwardData, tf32));
        long need = cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.wDesc, p.yDesc, p.convDesc, p.xDesc, p.backwardData.algo());
        long ws = workspace(need);
        CachingAllocator.Block dxp = p.explicitPadding() ? allocator.allocate(p.paddedElements() * Float.BYTES) : null;
        try {
            cudnn.cudnnConvolutionBackwardData(handle, one, p.wDesc, w, p.yDesc, dy, p.convDesc, p.backwardData.algo(), ws,
                    need == 0 ? 0 : workspaceBytes(), zero, p.xDesc, dxp == null ? dx : dxp.address());
            if (dxp != null) {
                kernels.crop_nhwc(dxp.address(), dx, g.inH(), g.inW(), g.inC(), p.extraTop, p.extraLeft, p.paddedH, p.paddedW,
                        Math.toIntExact((long) g.batch() * g.inH() * g.inW() * g.inC()));
            }
        } finally {
            if (dxp != null) allocator.release(dxp);
        }
    }

    void backwardFilter(Conv2dGeometry g, long x, long dy, long dw) {
        Plan p = plan(g);
        if (p.backwardFilter == null) {
            cudnn.cudnnSetConvolutionMathType(p.convDesc, tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH);
            List<AlgoPerf> ranked = cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, p.xDesc, p.yDesc, p.convDesc, p.wDesc, REQUESTED_ALGORITHMS);
            p.backwardFilter = ConvolutionAlgorithms.choose(ranked, tf32, "the backward-filter convolution " + g);
        }
        cudnn.cudnnSetConvolutionMathType(p.convDesc, ConvolutionAlgorithms.mathType(p.backwardFilter, tf32));
        long need = cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.xDesc, p.yDesc, p.convDesc, p.wDesc, p.backwardFilter.algo());
        long ws = workspace(need);
        CachingAllocator.Block xp = padded(p, x);
        try {
            cudnn.cudnnConvolutionBackwardFilter(handle, one, p.xDesc, xp == null ? x : xp.address(), p.yDesc, dy, p.convDesc,
                    p.backwardFilter.algo(), ws, need == 0 ? 0 : workspaceBytes(), zero, p.wDesc, dw);
        } finally {
            if (xp != null) allocator.release(xp);
        }
    }

    @Override
    public void close() {
        for (Plan p : plans.values()) p.destroy(cudnn);
        plans.clear();
        if (workspace != null) allocator.release(workspace);
        workspace = null;
    }
}
