package dev.myelin.cuda.kernel;

import java.util.List;

/** Turns CUDA C source into a binary the driver loads (CUBIN or PTX). NVRTC in production, a fake in tests. */
public interface KernelCompiler {

    /** Compiles {@code source} (named {@code name} in errors) with {@code options}; throws with the compile log on failure. */
    byte[] compile(String name, String source, List<String> options);

    /** Identifies the compiler's version, part of the cache key: a new NVRTC rebuilds every kernel. */
    String version();
}
