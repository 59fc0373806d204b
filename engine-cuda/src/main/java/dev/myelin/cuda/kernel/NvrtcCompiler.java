package dev.myelin.cuda.kernel;

import dev.myelin.cuda.ffm.CudaException;
import dev.myelin.cuda.ffm.Nvrtc;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** Compiles with NVRTC to a CUBIN for the exact architecture given in the options ({@code --gpu-architecture=sm_XY}). */
public final class NvrtcCompiler implements KernelCompiler {
    private final Nvrtc nvrtc;
    private final String version;

    public NvrtcCompiler(Nvrtc nvrtc) {
        this.nvrtc = nvrtc;
        int[] v = nvrtc.nvrtcVersion();
        this.version = "nvrtc " + v[0] + "." + v[1];
    }

    /** The options every kernel is built with. {@code --fmad=false}: no fused multiply-add, so a*b+c rounds as in Java. */
    public static List<String> options(int major, int minor) {
        return List.of("--gpu-architecture=sm_" + major + minor, "--std=c++17", "--fmad=false");
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
            return nvrtc.nvrtcGetCUBIN(program);
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    @Override
    public String version() { return version; }
}
