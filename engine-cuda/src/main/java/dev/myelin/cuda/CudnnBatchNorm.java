package dev.myelin.cuda;

import dev.myelin.cuda.ffm.Cudnn;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static dev.myelin.cuda.ffm.Cudnn.CUDNN_BATCHNORM_SPATIAL;
import static dev.myelin.cuda.ffm.Cudnn.CUDNN_DATA_FLOAT;
import static dev.myelin.cuda.ffm.Cudnn.CUDNN_TENSOR_NCHW;

/**
 * Batch normalization on cuDNN, per channel of the last axis: any {@code (..., C)} tensor is
 * described as {@code (rows, C, 1, 1)}, and cuDNN's spatial mode takes one mean and variance per
 * channel over the rows. With height and width 1, NCHW and NHWC are the same bytes; the descriptor
 * says NCHW, the layout every cuDNN batch-normalization path takes (PyTorch's BatchNorm1d describes
 * its {@code (N, C)} inputs the same way). cuDNN's running averages are not used (they keep the
 * unbiased variance; Keras keeps the biased one): the layer updates its moving statistics from the
 * saved mean and inverse standard deviation.
 */
final class CudnnBatchNorm implements AutoCloseable {
    private record Key(int rows, int channels) {}

    record Plan(MemorySegment xDesc, MemorySegment paramDesc) {}

    private final Cudnn cudnn;
    private final MemorySegment handle;
    private final MemorySegment one, zero;
    private final Map<Key, Plan> plans = new HashMap<>();

    CudnnBatchNorm(Cudnn cudnn, MemorySegment handle, MemorySegment one, MemorySegment zero) {
        this.cudnn = cudnn;
        this.handle = handle;
        this.one = one;
        this.zero = zero;
    }

    /** The descriptors for {@code rows} of {@code channels}, made on first use (the real-library checks make them without a device). */
    Plan plan(int rows, int channels) {
        return plans.computeIfAbsent(new Key(rows, channels), k -> {
            MemorySegment x = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, rows, channels, 1, 1);
            MemorySegment param = cudnn.cudnnCreateTensorDescriptor();
            cudnn.cudnnSetTensor4dDescriptor(param, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, channels, 1, 1);
            return new Plan(x, param);
        });
    }

    void training(int rows, int channels, long x, long gamma, long beta, double epsilon, long y, long mean, long invStd) {
        Plan p = plan(rows, channels);
        cudnn.cudnnBatchNormalizationForwardTraining(handle, CUDNN_BATCHNORM_SPATIAL, one, zero, p.xDesc(), x, p.xDesc(), y,
                p.paramDesc(), gamma, beta, 0.0, 0, 0, epsilon, mean, invStd);
    }

    void inference(int rows, int channels, long x, long gamma, long beta, long mean, long variance, double epsilon, long y) {
        Plan p = plan(rows, channels);
        cudnn.cudnnBatchNormalizationForwardInference(handle, CUDNN_BATCHNORM_SPATIAL, one, zero, p.xDesc(), x, p.xDesc(), y,
                p.paramDesc(), gamma, beta, mean, variance, epsilon);
    }

    void backward(int rows, int channels, long x, long dy, long gamma, long mean, long invStd, double epsilon,
                  long dx, long dgamma, long dbeta) {
        Plan p = plan(rows, channels);
        cudnn.cudnnBatchNormalizationBackward(handle, CUDNN_BATCHNORM_SPATIAL, one, zero, one, zero, p.xDesc(), x, p.xDesc(), dy,
                p.xDesc(), dx, p.paramDesc(), gamma, dgamma, dbeta, epsilon, mean, invStd);
    }

    @Override
    public void close() {
        for (Plan p : plans.values()) {
            cudnn.cudnnDestroyTensorDescriptor(p.xDesc());
            cudnn.cudnnDestroyTensorDescriptor(p.paramDesc());
        }
        plans.clear();
    }
}
