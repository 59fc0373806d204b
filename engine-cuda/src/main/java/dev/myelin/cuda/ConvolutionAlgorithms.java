package dev.myelin.cuda;

import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.Cudnn.AlgoPerf;

import java.util.List;

/** Which of cuDNN's ranked algorithms to use, honouring the TF32 choice. */
final class ConvolutionAlgorithms {
    private ConvolutionAlgorithms() {}

    /**
     * The best-ranked algorithm that succeeded; with TF32 off, the best that does not use tensor-op
     * math (which would round inputs to TF32), falling back to the best at all only if none exists.
     */
    static AlgoPerf choose(List<AlgoPerf> ranked, boolean tf32, String what) {
        for (AlgoPerf p : ranked) {
            if (p.status() != Cudnn.CUDNN_STATUS_SUCCESS) continue;
            if (tf32 || !tensorOp(p)) return p;
        }
        for (AlgoPerf p : ranked) if (p.status() == Cudnn.CUDNN_STATUS_SUCCESS) return p;
        throw new IllegalStateException("cuDNN offers no working algorithm for " + what + " (" + ranked.size() + " tried: " + ranked + ")");
    }

    /**
     * The math type to set on the descriptor for the chosen algorithm: its own with TF32 on; with TF32 off, FMA
     * math, unless the fallback chose a tensor-op algorithm, which cannot run under FMA math and keeps its own.
     */
    static int mathType(AlgoPerf chosen, boolean tf32) {
        return tf32 || tensorOp(chosen) ? chosen.mathType() : Cudnn.CUDNN_FMA_MATH;
    }

    private static boolean tensorOp(AlgoPerf p) {
        return p.mathType() == Cudnn.CUDNN_TENSOR_OP_MATH || p.mathType() == Cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;
    }
}
