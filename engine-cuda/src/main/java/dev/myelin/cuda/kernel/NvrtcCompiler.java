package dev.myelin.cuda.kernel;

import dev.myelin.cuda.ffm.CudaException;
import dev.myelin.cuda.ffm.Nvrtc;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Compiles with NVRTC to a CUBIN for the real architecture given in the options ({@code --gpu-architecture=sm_XY}),
 * or to PTX for a virtual one ({@code compute_XY}); {@link KernelTarget} makes the options.
 */
public final class NvrtcCompiler implements KernelCompiler {
    private final Nvrtc nvrtc;
    private final String version;

    public NvrtcCompiler(Nvrtc nvrtc) {
        this.nvrtc = nvrtc;
        int[] v = nvrtc.nvrtcVersion();
        this.version = "nvrtc " + v[0] + "." + v[1];
    }

    /** The target for a device of compute capability {@code major.minor}, from the architectures this NVRTC knows. */
    public KernelTarget target(int major, int minor) {
        return KernelTarget.choose(major, minor, nvrtc.nvrtcGetSupportedArchs());
    }

    @Override
    public byte[] compile(String name, String source, List<String> options) {
        MemorySegment program = nvrtc.nvrtcCreateProgram(source, name);
        try {
            int result = nvrtc.nvrtcCompileProgram(program, options);
            if (result != Nvrtc.NVRTC_SUCCESS) {
                throw new CudaException("NVRTC could not compile " + name + " with " + options + " (" + version + "): "
                        + nvrtc.nvrtcGetErrorString(result) + "\n" + nvrtc.nvrtcGetProgramLog(program), result);
            }
            boolean ptx = options.stream().anyMatch(o -> o.startsWith("--gpu-architecture=compute_"));
            return ptx ? nvrtc.nvrtcGetPTX(program) : nvrtc.nvrtcGetCUBIN(program);
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    @Override
    public String version() { return version; }
}
