package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static dev.myelin.cuda.ffm.Native.DOUBLE;
import static dev.myelin.cuda.ffm.Native.INT;
import static dev.myelin.cuda.ffm.Native.LONG;
import static dev.myelin.cuda.ffm.Native.POINTER;

/**
 * cuDNN 9's legacy API ({@code cudnn_graph.h}, {@code cudnn_ops.h}, {@code cudnn_cnn.h}; {@code libcudnn.so.9}):
 * one method per C function, same name and argument order; output parameters become return values.
 * Device buffers are passed as addresses; {@code alpha}/{@code beta} are host floats.
 */
public final class Cudnn {
    public static final int CUDNN_STATUS_SUCCESS = 0;
    public static final int CUDNN_DATA_FLOAT = 0;
    public static final int CUDNN_TENSOR_NCHW = 0;
    public static final int CUDNN_TENSOR_NHWC = 1;
    public static final int CUDNN_CROSS_CORRELATION = 1;
    public static final int CUDNN_DEFAULT_MATH = 0;
    public static final int CUDNN_TENSOR_OP_MATH = 1;
    public static final int CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION = 2;
    public static final int CUDNN_FMA_MATH = 3;
    public static final int CUDNN_POOLING_MAX = 0;
    public static final int CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING = 2;
    public static final int CUDNN_NOT_PROPAGATE_NAN = 0;
    public static final int CUDNN_PROPAGATE_NAN = 1;
    /** {@code cudnnBatchNormMode_t}: one mean and variance per channel, over N, H and W. */
    public static final int CUDNN_BATCHNORM_SPATIAL = 1;

    /**
     * {@code cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t}: {algo int; status int; time float; (pad);
     * memory size_t; determinism int; mathType int; reserved int[3]}, 48 bytes.
     */
    static final long PERF_SIZE = 48, PERF_ALGO = 0, PERF_STATUS = 4, PERF_MEMORY = 16, PERF_MATH_TYPE = 28;

    /** One entry of a {@code cudnnGetConvolution*Algorithm_v7} answer, best first. */
    public record AlgoPerf(int algo, int status, long memory, int mathType) {}

    private final NativeLibrary lib;
    private final MethodHandle cudnnGetVersion, cudnnGetErrorString, cudnnCreate, cudnnDestroy, cudnnSetStream,
            cudnnCreateTensorDescriptor, cudnnSetTensor4dDescriptor, cudnnDestroyTensorDescriptor,
            cudnnCreateFilterDescriptor, cudnnSetFilter4dDescriptor, cudnnDestroyFilterDescriptor,
            cudnnCreateConvolutionDescriptor, cudnnSetConvolution2dDescriptor, cudnnSetConvolutionGroupCount, cudnnSetConvolutionMathType,
            cudnnDestroyConvolutionDescriptor, cudnnGetConvolutionForwardAlgorithm_v7,
            cudnnGetConvolutionBackwardDataAlgorithm_v7, cudnnGetConvolutionBackwardFilterAlgorithm_v7,
            cudnnGetConvolutionForwardWorkspaceSize, cudnnGetConvolutionBackwardDataWorkspaceSize,
            cudnnGetConvolutionBackwardFilterWorkspaceSize, cudnnConvolutionForward, cudnnConvolutionBackwardData,
            cudnnConvolutionBackwardFilter, cudnnCreatePoolingDescriptor, cudnnSetPooling2dDescriptor,
            cudnnDestroyPoolingDescriptor, cudnnPoolingForward, cudnnPoolingBackward, cudnnGetConvolution2dForwardOutputDim,
            cudnnGetPooling2dForwardOutputDim,
            cudnnBatchNormalizationForwardTraining, cudnnBatchNormalizationForwardInference, cudnnBatchNormalizationBackward;

    public Cudnn(NativeLibrary lib) {
        this.lib = lib;
        cudnnGetVersion = lib.function("cudnnGetVersion", FunctionDescriptor.of(LONG));
        cudnnGetErrorString = lib.function("cudnnGetErrorString", FunctionDescriptor.of(POINTER, INT));
        cudnnCreate = lib.function("cudnnCreate", FunctionDescriptor.of(INT, POINTER));
        cudnnDestroy = lib.function("cudnnDestroy", FunctionDescriptor.of(INT, POINTER));
        cudnnSetStream = lib.function("cudnnSetStream", FunctionDescriptor.of(INT, POINTER, POINTER));
        cudnnCreateTensorDescriptor = lib.function("cudnnCreateTensorDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnSetTensor4dDescriptor = lib.function("cudnnSetTensor4dDescriptor", FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT, INT));
        cudnnDestroyTensorDescriptor = lib.function("cudnnDestroyTensorDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnCreateFilterDescriptor = lib.function("cudnnCreateFilterDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnSetFilter4dDescriptor = lib.function("cudnnSetFilter4dDescriptor", FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT, INT));
        cudnnDestroyFilterDescriptor = lib.function("cudnnDestroyFilterDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnCreateConvolutionDescriptor = lib.function("cudnnCreateConvolutionDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnSetConvolution2dDescriptor = lib.function("cudnnSetConvolution2dDescriptor",
                FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT, INT, INT, INT));
        cudnnSetConvolutionGroupCount = lib.function("cudnnSetConvolutionGroupCount", FunctionDescriptor.of(INT, POINTER, INT));
        cudnnSetConvolutionMathType = lib.function("cudnnSetConvolutionMathType", FunctionDescriptor.of(INT, POINTER, INT));
        cudnnDestroyConvolutionDescriptor = lib.function("cudnnDestroyConvolutionDescriptor", FunctionDescriptor.of(INT, POINTER));
        FunctionDescriptor v7 = FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, INT, POINTER, POINTER);
        cudnnGetConvolutionForwardAlgorithm_v7 = lib.function("cudnnGetConvolutionForwardAlgorithm_v7", v7);
        cudnnGetConvolutionBackwardDataAlgorithm_v7 = lib.function("cudnnGetConvolutionBackwardDataAlgorithm_v7", v7);
        cudnnGetConvolutionBackwardFilterAlgorithm_v7 = lib.function("cudnnGetConvolutionBackwardFilterAlgorithm_v7", v7);
        FunctionDescriptor ws = FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, INT, POINTER);
        cudnnGetConvolutionForwardWorkspaceSize = lib.function("cudnnGetConvolutionForwardWorkspaceSize", ws);
        cudnnGetConvolutionBackwardDataWorkspaceSize = lib.function("cudnnGetConvolutionBackwardDataWorkspaceSize", ws);
        cudnnGetConvolutionBackwardFilterWorkspaceSize = lib.function("cudnnGetConvolutionBackwardFilterWorkspaceSize", ws);
        // (handle, alpha, aDesc, a, bDesc, b, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, outDesc, out)
        FunctionDescriptor conv = FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, INT,
                POINTER, LONG, POINTER, POINTER, POINTER);
        cudnnConvolutionForward = lib.function("cudnnConvolutionForward", conv);
        cudnnConvolutionBackwardData = lib.function("cudnnConvolutionBackwardData", conv);
        cudnnConvolutionBackwardFilter = lib.function("cudnnConvolutionBackwardFilter", conv);
        cudnnCreatePoolingDescriptor = lib.function("cudnnCreatePoolingDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnSetPooling2dDescriptor = lib.function("cudnnSetPooling2dDescriptor",
                FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT, INT, INT, INT));
        cudnnDestroyPoolingDescriptor = lib.function("cudnnDestroyPoolingDescriptor", FunctionDescriptor.of(INT, POINTER));
        cudnnPoolingForward = lib.function("cudnnPoolingForward",
                FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER));
        cudnnPoolingBackward = lib.function("cudnnPoolingBackward", FunctionDescriptor.of(INT, POINTER, POINTER, POINTER,
                POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER));
        cudnnGetConvolution2dForwardOutputDim = lib.function("cudnnGetConvolution2dForwardOutputDim",
                FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER));
        cudnnGetPooling2dForwardOutputDim = lib.function("cudnnGetPooling2dForwardOutputDim",
                FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER));
        // cudnn_ops.h: (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnScaleBiasMeanVarDesc, bnScale, bnBias,
        // exponentialAverageFactor, resultRunningMean, resultRunningVariance, epsilon, resultSaveMean, resultSaveInvVariance)
        cudnnBatchNormalizationForwardTraining = lib.function("cudnnBatchNormalizationForwardTraining", FunctionDescriptor.of(INT,
                POINTER, INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, DOUBLE, POINTER, POINTER,
                DOUBLE, POINTER, POINTER));
        // (handle, mode, alpha, beta, xDesc, x, yDesc, y, bnScaleBiasMeanVarDesc, bnScale, bnBias, estimatedMean,
        // estimatedVariance, epsilon)
        cudnnBatchNormalizationForwardInference = lib.function("cudnnBatchNormalizationForwardInference", FunctionDescriptor.of(INT,
                POINTER, INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, DOUBLE));
        // (handle, mode, alphaDataDiff, betaDataDiff, alphaParamDiff, betaParamDiff, xDesc, x, dyDesc, dy, dxDesc, dx,
        // dBnScaleBiasDesc, bnScale, dBnScaleResult, dBnBiasResult, epsilon, savedMean, savedInvVariance)
        cudnnBatchNormalizationBackward = lib.function("cudnnBatchNormalizationBackward", FunctionDescriptor.of(INT,
                POINTER, INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER,
                POINTER, POINTER, POINTER, DOUBLE, POINTER, POINTER));
    }

    public NativeLibrary library() { return lib; }

    public void check(String call, int status) {
        if (status == CUDNN_STATUS_SUCCESS) return;
        throw new CudaException("cuDNN call " + call + " failed: " + cudnnGetErrorString(status) + " (" + status + ")", status);
    }

    /** e.g. 90800 for 9.8.0. */
    public long cudnnGetVersion() {
        try {
            return (long) cudnnGetVersion.invoke();
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnGetVersion", t); }
    }

    public String cudnnGetErrorString(int status) {
        try {
            return Native.string((MemorySegment) cudnnGetErrorString.invoke(status), "cuDNN status " + status);
        } catch (Throwable t) {
            return "cuDNN status " + status;
        }
    }

    private MemorySegment create(MethodHandle h, String call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check(call, (int) h.invoke(out));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("cuDNN", call, t); }
    }

    private void call(MethodHandle h, String call, MemorySegment object) {
        try {
            check(call, (int) h.invoke(object));
        } catch (Throwable t) { throw Native.failure("cuDNN", call, t); }
    }

    public MemorySegment cudnnCreate() { return create(cudnnCreate, "cudnnCreate"); }

    public void cudnnDestroy(MemorySegment handle) { call(cudnnDestroy, "cudnnDestroy", handle); }

    public void cudnnSetStream(MemorySegment handle, MemorySegment stream) {
        try {
            check("cudnnSetStream", (int) cudnnSetStream.invoke(handle, stream));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetStream", t); }
    }

    public MemorySegment cudnnCreateTensorDescriptor() { return create(cudnnCreateTensorDescriptor, "cudnnCreateTensorDescriptor"); }

    /** Dimensions are given as n, c, h, w whatever the format. */
    public void cudnnSetTensor4dDescriptor(MemorySegment desc, int format, int dataType, int n, int c, int h, int w) {
        try {
            check("cudnnSetTensor4dDescriptor(n=" + n + ", c=" + c + ", h=" + h + ", w=" + w + ")",
                    (int) cudnnSetTensor4dDescriptor.invoke(desc, format, dataType, n, c, h, w));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetTensor4dDescriptor", t); }
    }

    public void cudnnDestroyTensorDescriptor(MemorySegment desc) { call(cudnnDestroyTensorDescriptor, "cudnnDestroyTensorDescriptor", desc); }

    public MemorySegment cudnnCreateFilterDescriptor() { return create(cudnnCreateFilterDescriptor, "cudnnCreateFilterDescriptor"); }

    /** Note the order: data type before format (unlike the tensor descriptor); k = output channels, c = input channels. */
    public void cudnnSetFilter4dDescriptor(MemorySegment desc, int dataType, int format, int k, int c, int h, int w) {
        try {
            check("cudnnSetFilter4dDescriptor(k=" + k + ", c=" + c + ", h=" + h + ", w=" + w + ")",
                    (int) cudnnSetFilter4dDescriptor.invoke(desc, dataType, format, k, c, h, w));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetFilter4dDescriptor", t); }
    }

    public void cudnnDestroyFilterDescriptor(MemorySegment desc) { call(cudnnDestroyFilterDescriptor, "cudnnDestroyFilterDescriptor", desc); }

    public MemorySegment cudnnCreateConvolutionDescriptor() {
        return create(cudnnCreateConvolutionDescriptor, "cudnnCreateConvolutionDescriptor");
    }

    public void cudnnSetConvolution2dDescriptor(MemorySegment desc, int padH, int padW, int strideH, int strideW,
                                                int dilationH, int dilationW, int mode, int computeType) {
        try {
            check("cudnnSetConvolution2dDescriptor", (int) cudnnSetConvolution2dDescriptor.invoke(desc, padH, padW, strideH, strideW,
                    dilationH, dilationW, mode, computeType));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetConvolution2dDescriptor", t); }
    }

    /** Splits the channels into {@code groupCount} groups ({@code cudnn_cnn.h}). */
    public void cudnnSetConvolutionGroupCount(MemorySegment convDesc, int groupCount) {
        try {
            check("cudnnSetConvolutionGroupCount(" + groupCount + ")", (int) cudnnSetConvolutionGroupCount.invoke(convDesc, groupCount));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetConvolutionGroupCount", t); }
    }

    public void cudnnSetConvolutionMathType(MemorySegment desc, int mathType) {
        try {
            check("cudnnSetConvolutionMathType", (int) cudnnSetConvolutionMathType.invoke(desc, mathType));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetConvolutionMathType", t); }
    }

    /** The output's {@code {n, c, h, w}} cuDNN computes for a convolution of {@code xDesc} by {@code wDesc}. */
    public int[] cudnnGetConvolution2dForwardOutputDim(MemorySegment convDesc, MemorySegment xDesc, MemorySegment wDesc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT, 4);
            check("cudnnGetConvolution2dForwardOutputDim", (int) cudnnGetConvolution2dForwardOutputDim.invoke(convDesc, xDesc, wDesc,
                    out, out.asSlice(4), out.asSlice(8), out.asSlice(12)));
            return out.toArray(INT);
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnGetConvolution2dForwardOutputDim", t); }
    }

    public void cudnnDestroyConvolutionDescriptor(MemorySegment desc) {
        call(cudnnDestroyConvolutionDescriptor, "cudnnDestroyConvolutionDescriptor", desc);
    }

    private List<AlgoPerf> algorithms(MethodHandle h, String call, MemorySegment handle, MemorySegment a, MemorySegment b,
                                      MemorySegment conv, MemorySegment c, int requested) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(INT);
            MemorySegment perf = arena.allocate(PERF_SIZE * requested, 8);
            check(call, (int) h.invoke(handle, a, b, conv, c, requested, count, perf));
            List<AlgoPerf> out = new ArrayList<>();
            for (int i = 0; i < count.get(INT, 0); i++) {
                long base = i * PERF_SIZE;
                out.add(new AlgoPerf(perf.get(INT, base + PERF_ALGO), perf.get(INT, base + PERF_STATUS),
                        perf.get(LONG, base + PERF_MEMORY), perf.get(INT, base + PERF_MATH_TYPE)));
            }
            return out;
        } catch (Throwable t) { throw Native.failure("cuDNN", call, t); }
    }

    public List<AlgoPerf> cudnnGetConvolutionForwardAlgorithm_v7(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc,
                                                                 MemorySegment convDesc, MemorySegment yDesc, int requested) {
        return algorithms(cudnnGetConvolutionForwardAlgorithm_v7, "cudnnGetConvolutionForwardAlgorithm_v7", handle, xDesc, wDesc,
                convDesc, yDesc, requested);
    }

    public List<AlgoPerf> cudnnGetConvolutionBackwardDataAlgorithm_v7(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc,
                                                                      MemorySegment convDesc, MemorySegment dxDesc, int requested) {
        return algorithms(cudnnGetConvolutionBackwardDataAlgorithm_v7, "cudnnGetConvolutionBackwardDataAlgorithm_v7", handle, wDesc,
                dyDesc, convDesc, dxDesc, requested);
    }

    public List<AlgoPerf> cudnnGetConvolutionBackwardFilterAlgorithm_v7(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc,
                                                                        MemorySegment convDesc, MemorySegment dwDesc, int requested) {
        return algorithms(cudnnGetConvolutionBackwardFilterAlgorithm_v7, "cudnnGetConvolutionBackwardFilterAlgorithm_v7", handle, xDesc,
                dyDesc, convDesc, dwDesc, requested);
    }

    private long workspace(MethodHandle h, String call, MemorySegment handle, MemorySegment a, MemorySegment b, MemorySegment conv,
                           MemorySegment c, int algo) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(LONG);
            check(call, (int) h.invoke(handle, a, b, conv, c, algo, out));
            return out.get(LONG, 0);
        } catch (Throwable t) { throw Native.failure("cuDNN", call, t); }
    }

    public long cudnnGetConvolutionForwardWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc,
                                                        MemorySegment convDesc, MemorySegment yDesc, int algo) {
        return workspace(cudnnGetConvolutionForwardWorkspaceSize, "cudnnGetConvolutionForwardWorkspaceSize", handle, xDesc, wDesc, convDesc, yDesc, algo);
    }

    public long cudnnGetConvolutionBackwardDataWorkspaceSize(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc,
                                                             MemorySegment convDesc, MemorySegment dxDesc, int algo) {
        return workspace(cudnnGetConvolutionBackwardDataWorkspaceSize, "cudnnGetConvolutionBackwardDataWorkspaceSize", handle, wDesc, dyDesc, convDesc, dxDesc, algo);
    }

    public long cudnnGetConvolutionBackwardFilterWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc,
                                                               MemorySegment convDesc, MemorySegment dwDesc, int algo) {
        return workspace(cudnnGetConvolutionBackwardFilterWorkspaceSize, "cudnnGetConvolutionBackwardFilterWorkspaceSize", handle, xDesc, dyDesc, convDesc, dwDesc, algo);
    }

    private void convolution(MethodHandle h, String call, MemorySegment handle, MemorySegment alpha, MemorySegment aDesc, long a,
                             MemorySegment bDesc, long b, MemorySegment convDesc, int algo, long workspace, long workspaceBytes,
                             MemorySegment beta, MemorySegment outDesc, long out) {
        try {
            check(call, (int) h.invoke(handle, alpha, aDesc, Native.device(a), bDesc, Native.device(b), convDesc, algo,
                    Native.device(workspace), workspaceBytes, beta, outDesc, Native.device(out)));
        } catch (Throwable t) { throw Native.failure("cuDNN", call, t); }
    }

    public void cudnnConvolutionForward(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, long x, MemorySegment wDesc,
                                        long w, MemorySegment convDesc, int algo, long workspace, long workspaceBytes,
                                        MemorySegment beta, MemorySegment yDesc, long y) {
        convolution(cudnnConvolutionForward, "cudnnConvolutionForward", handle, alpha, xDesc, x, wDesc, w, convDesc, algo,
                workspace, workspaceBytes, beta, yDesc, y);
    }

    public void cudnnConvolutionBackwardData(MemorySegment handle, MemorySegment alpha, MemorySegment wDesc, long w,
                                             MemorySegment dyDesc, long dy, MemorySegment convDesc, int algo, long workspace,
                                             long workspaceBytes, MemorySegment beta, MemorySegment dxDesc, long dx) {
        convolution(cudnnConvolutionBackwardData, "cudnnConvolutionBackwardData", handle, alpha, wDesc, w, dyDesc, dy, convDesc,
                algo, workspace, workspaceBytes, beta, dxDesc, dx);
    }

    public void cudnnConvolutionBackwardFilter(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, long x,
                                               MemorySegment dyDesc, long dy, MemorySegment convDesc, int algo, long workspace,
                                               long workspaceBytes, MemorySegment beta, MemorySegment dwDesc, long dw) {
        convolution(cudnnConvolutionBackwardFilter, "cudnnConvolutionBackwardFilter", handle, alpha, xDesc, x, dyDesc, dy, convDesc,
                algo, workspace, workspaceBytes, beta, dwDesc, dw);
    }

    public MemorySegment cudnnCreatePoolingDescriptor() { return create(cudnnCreatePoolingDescriptor, "cudnnCreatePoolingDescriptor"); }

    public void cudnnSetPooling2dDescriptor(MemorySegment desc, int mode, int maxpoolingNanOpt, int windowHeight, int windowWidth,
                                            int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride) {
        try {
            check("cudnnSetPooling2dDescriptor", (int) cudnnSetPooling2dDescriptor.invoke(desc, mode, maxpoolingNanOpt, windowHeight,
                    windowWidth, verticalPadding, horizontalPadding, verticalStride, horizontalStride));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnSetPooling2dDescriptor", t); }
    }

    /** The output's {@code {n, c, h, w}} cuDNN computes for pooling {@code xDesc}. */
    public int[] cudnnGetPooling2dForwardOutputDim(MemorySegment poolingDesc, MemorySegment xDesc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT, 4);
            check("cudnnGetPooling2dForwardOutputDim", (int) cudnnGetPooling2dForwardOutputDim.invoke(poolingDesc, xDesc,
                    out, out.asSlice(4), out.asSlice(8), out.asSlice(12)));
            return out.toArray(INT);
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnGetPooling2dForwardOutputDim", t); }
    }

    public void cudnnDestroyPoolingDescriptor(MemorySegment desc) { call(cudnnDestroyPoolingDescriptor, "cudnnDestroyPoolingDescriptor", desc); }

    public void cudnnPoolingForward(MemorySegment handle, MemorySegment poolingDesc, MemorySegment alpha, MemorySegment xDesc, long x,
                                    MemorySegment beta, MemorySegment yDesc, long y) {
        try {
            check("cudnnPoolingForward", (int) cudnnPoolingForward.invoke(handle, poolingDesc, alpha, xDesc, Native.device(x), beta,
                    yDesc, Native.device(y)));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnPoolingForward", t); }
    }

    public void cudnnPoolingBackward(MemorySegment handle, MemorySegment poolingDesc, MemorySegment alpha, MemorySegment yDesc, long y,
                                     MemorySegment dyDesc, long dy, MemorySegment xDesc, long x, MemorySegment beta,
                                     MemorySegment dxDesc, long dx) {
        try {
            check("cudnnPoolingBackward", (int) cudnnPoolingBackward.invoke(handle, poolingDesc, alpha, yDesc, Native.device(y), dyDesc,
                    Native.device(dy), xDesc, Native.device(x), beta, dxDesc, Native.device(dx)));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnPoolingBackward", t); }
    }

    /**
     * Training-mode batch normalization; {@code resultRunningMean}/{@code resultRunningVariance} may both
     * be 0 (no running averages kept: cuDNN's would use the unbiased variance), and so may the saved ones.
     */
    public void cudnnBatchNormalizationForwardTraining(MemorySegment handle, int mode, MemorySegment alpha, MemorySegment beta,
                                                       MemorySegment xDesc, long x, MemorySegment yDesc, long y,
                                                       MemorySegment bnScaleBiasMeanVarDesc, long bnScale, long bnBias,
                                                       double exponentialAverageFactor, long resultRunningMean,
                                                       long resultRunningVariance, double epsilon, long resultSaveMean,
                                                       long resultSaveInvVariance) {
        try {
            check("cudnnBatchNormalizationForwardTraining", (int) cudnnBatchNormalizationForwardTraining.invoke(handle, mode, alpha, beta,
                    xDesc, Native.device(x), yDesc, Native.device(y), bnScaleBiasMeanVarDesc, Native.device(bnScale),
                    Native.device(bnBias), exponentialAverageFactor, Native.device(resultRunningMean),
                    Native.device(resultRunningVariance), epsilon, Native.device(resultSaveMean), Native.device(resultSaveInvVariance)));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnBatchNormalizationForwardTraining", t); }
    }

    /** Inference-mode batch normalization with the given statistics. */
    public void cudnnBatchNormalizationForwardInference(MemorySegment handle, int mode, MemorySegment alpha, MemorySegment beta,
                                                        MemorySegment xDesc, long x, MemorySegment yDesc, long y,
                                                        MemorySegment bnScaleBiasMeanVarDesc, long bnScale, long bnBias,
                                                        long estimatedMean, long estimatedVariance, double epsilon) {
        try {
            check("cudnnBatchNormalizationForwardInference", (int) cudnnBatchNormalizationForwardInference.invoke(handle, mode, alpha, beta,
                    xDesc, Native.device(x), yDesc, Native.device(y), bnScaleBiasMeanVarDesc, Native.device(bnScale),
                    Native.device(bnBias), Native.device(estimatedMean), Native.device(estimatedVariance), epsilon));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnBatchNormalizationForwardInference", t); }
    }

    /** Gradients of training-mode batch normalization with respect to x, scale and bias. */
    public void cudnnBatchNormalizationBackward(MemorySegment handle, int mode, MemorySegment alphaDataDiff, MemorySegment betaDataDiff,
                                                MemorySegment alphaParamDiff, MemorySegment betaParamDiff, MemorySegment xDesc, long x,
                                                MemorySegment dyDesc, long dy, MemorySegment dxDesc, long dx,
                                                MemorySegment dBnScaleBiasDesc, long bnScale, long dBnScaleResult, long dBnBiasResult,
                                                double epsilon, long savedMean, long savedInvVariance) {
        try {
            check("cudnnBatchNormalizationBackward", (int) cudnnBatchNormalizationBackward.invoke(handle, mode, alphaDataDiff, betaDataDiff,
                    alphaParamDiff, betaParamDiff, xDesc, Native.device(x), dyDesc, Native.device(dy), dxDesc, Native.device(dx),
                    dBnScaleBiasDesc, Native.device(bnScale), Native.device(dBnScaleResult), Native.device(dBnBiasResult), epsilon,
                    Native.device(savedMean), Native.device(savedInvVariance)));
        } catch (Throwable t) { throw Native.failure("cuDNN", "cudnnBatchNormalizationBackward", t); }
    }
}
