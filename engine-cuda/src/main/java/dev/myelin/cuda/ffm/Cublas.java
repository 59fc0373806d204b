package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static dev.myelin.cuda.ffm.Native.INT;
import static dev.myelin.cuda.ffm.Native.LONG;
import static dev.myelin.cuda.ffm.Native.POINTER;

/**
 * cuBLAS ({@code cublas_api.h}, {@code libcublas.so.13} or {@code .so.12}): one method per C function,
 * same name and argument order. The {@code _v2} symbols are the ones {@code cublas_v2.h} maps to.
 * Matrices are column-major; {@code alpha}/{@code beta} are host pointers (the default pointer mode).
 */
public final class Cublas {
    public static final int CUBLAS_STATUS_SUCCESS = 0;
    public static final int CUBLAS_OP_N = 0;
    public static final int CUBLAS_OP_T = 1;
    public static final int CUBLAS_DEFAULT_MATH = 0;
    public static final int CUBLAS_PEDANTIC_MATH = 2;
    public static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;

    private final NativeLibrary lib;
    private final MethodHandle cublasCreate, cublasDestroy, cublasSetStream, cublasSetMathMode, cublasGetVersion,
            cublasSgemm, cublasSgemmStridedBatched;
    private final Optional<MethodHandle> cublasGetStatusString;

    public Cublas(NativeLibrary lib) {
        this.lib = lib;
        cublasCreate = lib.function("cublasCreate_v2", FunctionDescriptor.of(INT, POINTER));
        cublasDestroy = lib.function("cublasDestroy_v2", FunctionDescriptor.of(INT, POINTER));
        cublasSetStream = lib.function("cublasSetStream_v2", FunctionDescriptor.of(INT, POINTER, POINTER));
        cublasSetMathMode = lib.function("cublasSetMathMode", FunctionDescriptor.of(INT, POINTER, INT));
        cublasGetVersion = lib.function("cublasGetVersion_v2", FunctionDescriptor.of(INT, POINTER, POINTER));
        cublasSgemm = lib.function("cublasSgemm_v2", FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT,
                POINTER, POINTER, INT, POINTER, INT, POINTER, POINTER, INT));
        cublasSgemmStridedBatched = lib.function("cublasSgemmStridedBatched", FunctionDescriptor.of(INT, POINTER, INT, INT,
                INT, INT, INT, POINTER, POINTER, INT, LONG, POINTER, INT, LONG, POINTER, POINTER, INT, LONG, INT));
        cublasGetStatusString = lib.optionalFunction("cublasGetStatusString", FunctionDescriptor.of(POINTER, INT));
    }

    public NativeLibrary library() { return lib; }

    public void check(String call, int status) {
        if (status == CUBLAS_STATUS_SUCCESS) return;
        throw new CudaException("cuBLAS call " + call + " failed: " + cublasGetStatusString(status) + " (" + status + ")", status);
    }

    public String cublasGetStatusString(int status) {
        if (cublasGetStatusString.isPresent()) {
            try {
                return Native.string((MemorySegment) cublasGetStatusString.get().invoke(status), "cuBLAS status " + status);
            } catch (Throwable ignored) {
                // fall through to the bare number
            }
        }
        return "cuBLAS status " + status;
    }

    public MemorySegment cublasCreate_v2() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cublasCreate_v2", (int) cublasCreate.invoke(out));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasCreate_v2", t); }
    }

    public void cublasDestroy_v2(MemorySegment handle) {
        try {
            check("cublasDestroy_v2", (int) cublasDestroy.invoke(handle));
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasDestroy_v2", t); }
    }

    public void cublasSetStream_v2(MemorySegment handle, MemorySegment stream) {
        try {
            check("cublasSetStream_v2", (int) cublasSetStream.invoke(handle, stream));
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasSetStream_v2", t); }
    }

    public void cublasSetMathMode(MemorySegment handle, int mode) {
        try {
            check("cublasSetMathMode", (int) cublasSetMathMode.invoke(handle, mode));
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasSetMathMode", t); }
    }

    /** e.g. 130100 for 13.1.0. */
    public int cublasGetVersion_v2(MemorySegment handle) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT);
            check("cublasGetVersion_v2", (int) cublasGetVersion.invoke(handle, out));
            return out.get(INT, 0);
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasGetVersion_v2", t); }
    }

    /** {@code C = alpha * op(A) op(B) + beta * C}, column-major; {@code a}, {@code b}, {@code c} are device addresses. */
    public void cublasSgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha,
                               long a, int lda, long b, int ldb, MemorySegment beta, long c, int ldc) {
        try {
            check("cublasSgemm_v2", (int) cublasSgemm.invoke(handle, transa, transb, m, n, k, alpha,
                    Native.device(a), lda, Native.device(b), ldb, beta, Native.device(c), ldc));
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasSgemm_v2", t); }
    }

    public void cublasSgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha,
                                          long a, int lda, long strideA, long b, int ldb, long strideB, MemorySegment beta,
                                          long c, int ldc, long strideC, int batchCount) {
        try {
            check("cublasSgemmStridedBatched", (int) cublasSgemmStridedBatched.invoke(handle, transa, transb, m, n, k, alpha,
                    Native.device(a), lda, strideA, Native.device(b), ldb, strideB, beta, Native.device(c), ldc, strideC, batchCount));
        } catch (Throwable t) { throw Native.failure("cuBLAS", "cublasSgemmStridedBatched", t); }
    }
}
