package dev.myelin.cuda;

import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.cuda.ffm.CudaDriver;
import dev.myelin.cuda.ffm.Cublas;
import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.cuda.ffm.LibraryNotFoundException;
import dev.myelin.cuda.ffm.LibrarySpec;
import dev.myelin.cuda.ffm.NativeLibrary;
import dev.myelin.cuda.ffm.Nvrtc;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Prints what the CUDA backend finds on this machine, one {@code key: value} line each: where every
 * library was loaded from and its version (read without a device), then the device the backend
 * starts on, or why it cannot. For a GPU host's first check ({@code gpu-check.sh}) and for bug reports:
 * {@code java -cp 'lib/*' dev.myelin.cuda.CudaInfo}. Exits 0 when the backend started, 1 when not.
 */
public final class CudaInfo {
    private CudaInfo() {}

    /** Prints the report to standard output. */
    public static void main(String[] args) {
        System.exit(print(System.out, LibraryFinder.system()) ? 0 : 1);
    }

    /** Prints the report; true when the backend started. */
    static boolean print(PrintStream out, LibraryFinder finder) {
        String driverFile = library(out, finder, LibrarySpec.DRIVER, lib -> {
            int v = new CudaDriver(lib).cuDriverGetVersion();
            return "CUDA " + v / 1000 + "." + v % 1000 / 10;
        });
        library(out, finder, LibrarySpec.CUBLAS, lib -> {
            int v = new Cublas(lib).cublasGetVersion_v2(MemorySegment.NULL);
            return v / 10000 + "." + v / 100 % 100 + "." + v % 100;
        });
        library(out, finder, LibrarySpec.CUDNN, lib -> {
            long v = new Cudnn(lib).cudnnGetVersion();
            return v / 10000 + "." + v / 100 % 100 + "." + v % 100;
        });
        library(out, finder, LibrarySpec.NVRTC, lib -> {
            Nvrtc nvrtc = new Nvrtc(lib);
            int[] v = nvrtc.nvrtcVersion();
            return v[0] + "." + v[1] + ", architectures " + Arrays.toString(nvrtc.nvrtcGetSupportedArchs());
        });
        if (driverFile == null) {
            out.println("backend: unavailable (no driver)");
            return false;
        }
        try (CudaBackend backend = CudaBackend.start(CudaOptions.fromSystem(), finder)) {
            out.println("backend: " + backend.description());
            return true;
        } catch (BackendUnavailableException e) {
            out.println("backend: unavailable: " + e.summary());
            return false;
        } catch (RuntimeException e) {
            out.println("backend: FAILED to start: " + e);
            return false;
        }
    }

    /** What one library reports about itself. */
    private interface Version {
        String of(NativeLibrary lib);
    }

    /** Prints {@code what: version (soname from place)} or why it was not found; returns the location, or null. */
    private static String library(PrintStream out, LibraryFinder finder, LibrarySpec spec, Version version) {
        try {
            NativeLibrary lib = finder.load(spec);
            String v;
            try {
                v = version.of(lib);
            } catch (RuntimeException e) {
                v = "version unknown (" + e.getMessage() + ")";
            }
            out.println(spec.what() + ": " + v + " (" + lib + ")");
            return lib.location();
        } catch (LibraryNotFoundException e) {
            String m = e.getMessage();
            int cut = m.indexOf(". Looked in: ");
            out.println(spec.what() + ": not found (" + (cut < 0 ? m : m.substring(0, cut)) + ")");
            return null;
        }
    }
}
