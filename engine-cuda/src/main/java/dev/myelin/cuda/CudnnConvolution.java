package dev.myelin.cuda;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.Cudnn.AlgoPerf;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

import static dev.myelin.cuda.ffm.Cudnn.CUDNN_DATA_FLOAT;
import static dev.myelin.cuda.ffm.Cudnn.CUDNN_TENSOR_NHWC;

/**
 * 2-D convolutions on cuDNN: NHWC tensors and NHWC (= OHWI) filters, cross-correlation as in Keras;
 * dilation on the convolution descriptor, groups through {@code cudnnSetConvolutionGroupCount} (the
 * filter descriptor then holds {@code inC / groups} channels).
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
    static final class Plan {
        final Conv2dGeometry g;
        final int extraTop, extraLeft, paddedH, paddedW;
        final MemorySegment xDesc, wDesc, convDesc, yDesc;
        Choice forward, backwardData, backwardFilter;
        /** The math type last set on {@code convDesc}, shared by the three directions; -1 before any. */
        int mathType = -1;

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
            cudnn.cudnnSetFilter4dDescriptor(wDesc, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NHWC, g.outC(), g.filterChannels(),
                    g.kernelH(), g.kernelW());
            convDesc = cudnn.cudnnCreateConvolutionDescriptor();
            cudnn.cudnnSetConvolution2dDescriptor(convDesc, symH, symW, g.strideH(), g.strideW(), g.dilationH(), g.dilationW(),
                    Cudnn.CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT);
            if (g.groups() > 1) cudnn.cudnnSetConvolutionGroupCount(convDesc, g.groups());
            yDesc = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(yDesc, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, g.batch(), g.outC(), g.outH(), g.outW());
            // A disagreement would make cuDNN write a differently sized output than Myelin allocated.
            int[] nchw = cudnn.cudnnGetConvolution2dForwardOutputDim(convDesc, xDesc, wDesc);
            if (nchw[0] != g.batch() || nchw[1] != g.outC() || nchw[2] != g.outH() || nchw[3] != g.outW()) {
                destroy(cudnn);
                throw new IllegalStateException("cuDNN computes an output of (n, c, h, w) = " + java.util.Arrays.toString(nchw)
                        + " for " + g + ", where Myelin expects " + java.util.Arrays.toString(new int[] {g.batch(), g.outC(), g.outH(), g.outW()}));
            }
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

    /** The algorithm chosen for one direction of one geometry, with its math type and workspace size, found once. */
    private record Choice(int algo, int mathType, long workspace) {}

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

    /** The plan of {@code g}, made on first use (the real-library checks make them without a device). */
    Plan plan(Conv2dGeometry g) {
        return plans.computeIfAbsent(g, k -> new Plan(k, cudnn));
    }

    /** The workspace, grown to at least {@code bytes}; the old block returns to the pool (stream order keeps it safe). */
    private long workspace(long bytes) {
        if (bytes == 0) return 0;
        if (workspace == null || workspace.bytes() < bytes) {
            releaseWorkspace();   // before allocating: running out of memory there would release it again
            workspace = allocator.allocate(bytes);
        }
        return workspace.address();
    }

    private long workspaceBytes() { return workspace == null ? 0 : workspace.bytes(); }

    /** Gives the workspace back to the allocator (when the device is out of memory); the next convolution takes a new one. */
    void releaseWorkspace() {
        if (workspace != null) allocator.release(workspace);
        workspace = null;
    }

    /** {@code x} padded by the explicit part of the padding, or {@code x} itself; the caller releases a padded copy. */
    private CachingAllocator.Block padded(Plan p, long x) {
        if (!p.explicitPadding()) return null;
        CachingAllocator.Block b = allocator.allocate(p.paddedElements() * Float.BYTES);
        Conv2dGeometry g = p.g;
        kernels.pad_nhwc(x, b.address(), g.inH(), g.inW(), g.inC(), p.extraTop, p.extraLeft, p.paddedH, p.paddedW,
                Math.toIntExact(p.paddedElements()));
        return b;
    }

    /**
     * Ranks the algorithms for one direction with the math type TF32 allows, keeps the best usable one,
     * and asks its workspace size under the math type it runs with: all once per geometry and direction.
     */
    private Choice choose(Plan p, String direction, Supplier<List<AlgoPerf>> rank, IntToLongFunction workspaceOf) {
        setMathType(p, tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH);
        AlgoPerf best = ConvolutionAlgorithms.choose(rank.get(), tf32, "the " + direction + " convolution " + p.g);
        setMathType(p, ConvolutionAlgorithms.mathType(best, tf32));
        return new Choice(best.algo(), p.mathType, workspaceOf.applyAsLong(best.algo()));
    }

    /** Sets the descriptor's math type, skipping the call when it already has it. */
    private void setMathType(Plan p, int mathType) {
        if (p.mathType == mathType) return;
        cudnn.cudnnSetConvolutionMathType(p.convDesc, mathType);
        p.mathType = mathType;
    }

    /** Sets up {@code c} to run: its math type on the shared descriptor, and a workspace of its size (0 when none). */
    private long prepare(Plan p, Choice c) {
        setMathType(p, c.mathType());
        return workspace(c.workspace());
    }

    void forward(Conv2dGeometry g, long x, long w, long y) {
        Plan p = plan(g);
        if (p.forward == null) {
            p.forward = choose(p, "forward",
                    () -> cudnn.cudnnGetConvolutionForwardAlgorithm_v7(handle, p.xDesc, p.wDesc, p.convDesc, p.yDesc, REQUESTED_ALGORITHMS),
                    algo -> cudnn.cudnnGetConvolutionForwardWorkspaceSize(handle, p.xDesc, p.wDesc, p.convDesc, p.yDesc, algo));
        }
        CachingAllocator.Block xp = padded(p, x);   // first: running out of memory here releases the workspace
        long ws = prepare(p, p.forward);
        try {
            cudnn.cudnnConvolutionForward(handle, one, p.xDesc, xp == null ? x : xp.address(), p.wDesc, w, p.convDesc,
                    p.forward.algo(), ws, p.forward.workspace() == 0 ? 0 : workspaceBytes(), zero, p.yDesc, y);
        } finally {
            if (xp != null) allocator.release(xp);
        }
    }

    void backwardData(Conv2dGeometry g, long dy, long w, long dx) {
        Plan p = plan(g);
        if (p.backwardData == null) {
            p.backwardData = choose(p, "backward-data",
                    () -> cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, p.wDesc, p.yDesc, p.convDesc, p.xDesc, REQUESTED_ALGORITHMS),
                    algo -> cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.wDesc, p.yDesc, p.convDesc, p.xDesc, algo));
        }
        CachingAllocator.Block dxp = p.explicitPadding() ? allocator.allocate(p.paddedElements() * Float.BYTES) : null;
        long ws = prepare(p, p.backwardData);
        try {
            cudnn.cudnnConvolutionBackwardData(handle, one, p.wDesc, w, p.yDesc, dy, p.convDesc, p.backwardData.algo(), ws,
                    p.backwardData.workspace() == 0 ? 0 : workspaceBytes(), zero, p.xDesc, dxp == null ? dx : dxp.address());
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
            p.backwardFilter = choose(p, "backward-filter",
                    () -> cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, p.xDesc, p.yDesc, p.convDesc, p.wDesc, REQUESTED_ALGORITHMS),
                    algo -> cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.xDesc, p.yDesc, p.convDesc, p.wDesc, algo));
        }
        CachingAllocator.Block xp = padded(p, x);
        long ws = prepare(p, p.backwardFilter);
        try {
            cudnn.cudnnConvolutionBackwardFilter(handle, one, p.xDesc, xp == null ? x : xp.address(), p.yDesc, dy, p.convDesc,
                    p.backwardFilter.algo(), ws, p.backwardFilter.workspace() == 0 ? 0 : workspaceBytes(), zero, p.wDesc, dw);
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
