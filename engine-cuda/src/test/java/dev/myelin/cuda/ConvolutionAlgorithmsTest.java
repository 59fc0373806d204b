package dev.myelin.cuda;

import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.Cudnn.AlgoPerf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConvolutionAlgorithmsTest {
    private static final int FAILED = 9;
    private final AlgoPerf failing = new AlgoPerf(0, FAILED, 0, Cudnn.CUDNN_DEFAULT_MATH);
    private final AlgoPerf tensorOp = new AlgoPerf(1, 0, 1 << 20, Cudnn.CUDNN_TENSOR_OP_MATH);
    private final AlgoPerf fma = new AlgoPerf(2, 0, 0, Cudnn.CUDNN_FMA_MATH);

    @Test
    void withTf32TheBestWorkingAlgorithmWinsAndItsMathTypeIsUsed() {
        AlgoPerf p = ConvolutionAlgorithms.choose(List.of(failing, tensorOp, fma), true, "test");
        assertEquals(tensorOp, p);
        assertEquals(Cudnn.CUDNN_TENSOR_OP_MATH, ConvolutionAlgorithms.mathType(p, true));
    }

    @Test
    void withoutTf32TensorOpAlgorithmsAreSkippedAndFmaMathIsForced() {
        AlgoPerf p = ConvolutionAlgorithms.choose(List.of(failing, tensorOp, fma), false, "test");
        assertEquals(fma, p);
        assertEquals(Cudnn.CUDNN_FMA_MATH, ConvolutionAlgorithms.mathType(p, false));
    }

    @Test
    void withoutTf32TheTensorOpFallbackKeepsItsOwnMathTypeSinceFmaMathCannotRunIt() {
        AlgoPerf p = ConvolutionAlgorithms.choose(List.of(failing, tensorOp), false, "test");
        assertEquals(tensorOp, p);
        assertEquals(Cudnn.CUDNN_TENSOR_OP_MATH, ConvolutionAlgorithms.mathType(p, false));
    }

    @Test
    void noWorkingAlgorithmIsAnErrorNamingTheConvolution() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConvolutionAlgorithms.choose(List.of(failing), false, "the forward convolution G"));
        assertEquals(true, e.getMessage().contains("the forward convolution G"));
    }
}
