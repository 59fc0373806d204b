package dev.myelin.cuda.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * What NVRTC compiles the kernels to for one device. A CUBIN for the device's exact architecture
 * ({@code sm_XY}) when this NVRTC knows it; for a device newer than NVRTC, PTX for the newest virtual
 * architecture NVRTC knows below it ({@code compute_XY}), which the driver compiles for the device when
 * the module loads, as CUDA's forward compatibility intends.
 *
 * @param device the device's architecture, e.g. {@code 90} for sm_90
 * @param arch   the architecture compiled for: the device's, or the newest NVRTC knows below it
 * @param ptx    true when the result is PTX for the driver to JIT-compile, false for a CUBIN
 */
public record KernelTarget(int device, int arch, boolean ptx) {

    /**
     * The target for a device of compute capability {@code major.minor}, given the architectures this
     * NVRTC supports ({@code nvrtcGetSupportedArchs}); fails when the device is older than all of them.
     */
    public static KernelTarget choose(int major, int minor, int[] supported) {
        int device = major * 10 + minor;
        if (Arrays.stream(supported).anyMatch(a -> a == device)) return new KernelTarget(device, device, false);
        int below = Arrays.stream(supported).filter(a -> a < device).max().orElseThrow(() -> new IllegalStateException(
                "this NVRTC compiles for " + Arrays.toString(supported) + " only; the GPU is sm_" + device
                        + ", older than all of them: use an NVRTC from an older CUDA toolkit (set MYELIN_CUDA_PATH to it)"));
        return new KernelTarget(device, below, true);
    }

    /** The NVRTC options: the architecture, C++17, and no fused multiply-add, so {@code a*b+c} rounds as in Java. */
    public List<String> options() {
        return List.of("--gpu-architecture=" + (ptx ? "compute_" : "sm_") + arch, "--std=c++17", "--fmad=false");
    }

    /** For the startup line: empty for a CUBIN, else what was built and why. */
    public String note() {
        return ptx ? "kernels built as PTX for compute_" + arch + " and JIT-compiled by the driver (this NVRTC does not know sm_"
                + device + ")" : "";
    }
}
