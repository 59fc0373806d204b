package dev.myelin.cuda;

import dev.myelin.cuda.kernel.KernelCache;

import java.nio.file.Path;

/**
 * How the CUDA backend starts.
 *
 * @param device      the device ordinal ({@code -Dmyelin.cuda.device}, default 0)
 * @param matmulTf32  let cuBLAS use TF32 tensor cores ({@code -Dmyelin.cuda.tf32=true}); off by default: matmul is exact float32
 * @param matmulPedantic cuBLAS's pedantic math ({@code -Dmyelin.cuda.matmul.pedantic=true}): float32 with no reordered
 *                    reductions, slower; off by default (cuBLAS's default math, float32 for sgemm)
 * @param convTf32    let cuDNN convolutions use TF32 ({@code -Dmyelin.cuda.conv.tf32}, default true: PyTorch's default)
 * @param kernelCache where compiled kernels are kept ({@code MYELIN_KERNEL_CACHE}, default {@code ~/.cache/myelin/kernels})
 */
public record CudaOptions(int device, boolean matmulTf32, boolean matmulPedantic, boolean convTf32, Path kernelCache) {

    /** The options the system properties and the environment give. */
    public static CudaOptions fromSystem() {
        return new CudaOptions(Integer.getInteger("myelin.cuda.device", 0),
                Boolean.parseBoolean(System.getProperty("myelin.cuda.tf32", "false")),
                Boolean.parseBoolean(System.getProperty("myelin.cuda.matmul.pedantic", "false")),
                Boolean.parseBoolean(System.getProperty("myelin.cuda.conv.tf32", "true")),
                KernelCache.defaultFolder(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** The same options with TF32 off everywhere: results comparable with the CPU backend's to float32 rounding. */
    public CudaOptions exactFloat32() {
        return new CudaOptions(device, false, matmulPedantic, false, kernelCache);
    }
}
