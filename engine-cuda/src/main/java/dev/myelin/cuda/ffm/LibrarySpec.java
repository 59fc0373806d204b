package dev.myelin.cuda.ffm;

import java.util.List;

/**
 * A library to find: its sonames, newest first, and the sibling libraries (by stem) that must be
 * loaded from the same folder first, because the main one opens them by soname at run time and a
 * folder found here (a Python wheel's, say) is not on the loader path.
 *
 * @param what        a human name, for errors: "the NVIDIA driver", "cuBLAS"
 * @param sonames     e.g. {@code libcublas.so.13}, {@code libcublas.so.12}
 * @param siblingStems e.g. {@code libcublasLt.so}: the file {@code libcublasLt.so.13*} next to {@code libcublas.so.13}
 * @param hint        what to do when none is found
 */
public record LibrarySpec(String what, List<String> sonames, List<String> siblingStems, String hint) {

    public static final LibrarySpec DRIVER = new LibrarySpec("the NVIDIA driver", List.of("libcuda.so.1"), List.of(),
            "install the NVIDIA driver (it provides libcuda.so.1), or set MYELIN_CUDA_PATH to the folder that holds it");
    public static final LibrarySpec CUBLAS = new LibrarySpec("cuBLAS", List.of("libcublas.so.13", "libcublas.so.12"),
            List.of("libcublasLt.so"),
            "install the CUDA 12 or 13 toolkit libraries (or `pip install nvidia-cublas-cu12`), or set MYELIN_CUDA_PATH");
    public static final LibrarySpec CUDNN = new LibrarySpec("cuDNN 9", List.of("libcudnn.so.9"),
            // cuDNN 9's libcudnn.so.9 is a shim that opens these by soname when first needed.
            List.of("libcudnn_graph.so", "libcudnn_engines_precompiled.so", "libcudnn_engines_runtime_compiled.so",
                    "libcudnn_heuristic.so", "libcudnn_ops.so", "libcudnn_cnn.so"),
            "install cuDNN 9 (the system package, or `pip install nvidia-cudnn-cu12`), or set MYELIN_CUDA_PATH");
    public static final LibrarySpec NVRTC = new LibrarySpec("NVRTC", List.of("libnvrtc.so.13", "libnvrtc.so.12"),
            List.of("libnvrtc-builtins.so"),
            "install the CUDA 12 or 13 toolkit libraries (or `pip install nvidia-cuda-nvrtc-cu12`), or set MYELIN_CUDA_PATH");

    /** {@code 13} for {@code libcublas.so.13}. */
    static String major(String soname) {
        int i = soname.indexOf(".so.");
        return i < 0 ? "" : soname.substring(i + 4);
    }
}
