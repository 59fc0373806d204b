package dev.myelin.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cuBLAS math mode for each choice; the numbers are cublasMath_t's in cublas_api.h. */
class MatmulMathModeTest {
    private static final int CUBLAS_DEFAULT_MATH = 0, CUBLAS_PEDANTIC_MATH = 2, CUBLAS_TF32_TENSOR_OP_MATH = 3;

    private static CudaOptions options(boolean tf32, boolean pedantic) {
        return new CudaOptions(0, tf32, pedantic, true, Path.of("unused"));
    }

    @Test
    void tf32OffIsCublasDefaultMathNotPedantic() {
        assertEquals(CUBLAS_DEFAULT_MATH, CudaBackend.matmulMathMode(options(false, false)));
    }

    @Test
    void pedanticOnlyWhenAskedAndTf32WhenAsked() {
        assertEquals(CUBLAS_PEDANTIC_MATH, CudaBackend.matmulMathMode(options(false, true)));
        assertEquals(CUBLAS_TF32_TENSOR_OP_MATH, CudaBackend.matmulMathMode(options(true, false)));
    }
}
