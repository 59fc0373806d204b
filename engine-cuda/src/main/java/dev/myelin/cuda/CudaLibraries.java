package dev.myelin.cuda;

import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.cuda.ffm.CudaDriver;
import dev.myelin.cuda.ffm.CudaException;
import dev.myelin.cuda.ffm.Cublas;
import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.cuda.ffm.LibraryNotFoundException;
import dev.myelin.cuda.ffm.LibrarySpec;
import dev.myelin.cuda.ffm.NativeLibrary;
import dev.myelin.cuda.ffm.Nvrtc;

import java.util.ArrayList;
import java.util.List;

/**
 * The four libraries the backend binds, found and checked in the order that fails fastest: the
 * driver (nothing else matters without it), {@code cuInit} and a device, then cuBLAS, cuDNN and
 * NVRTC, whose failures are reported together so the user fixes them in one go. No driver or no
 * device makes the backend unavailable; a GPU without its libraries is a broken install, an error.
 */
record CudaLibraries(CudaDriver driver, Cublas cublas, Cudnn cudnn, Nvrtc nvrtc) {

    static CudaLibraries load(LibraryFinder finder) throws BackendUnavailableException {
        CudaDriver driver;
        try {
            driver = new CudaDriver(finder.load(LibrarySpec.DRIVER));
        } catch (LibraryNotFoundException | CudaException e) {
            // "X was not found. Looked in: ... To fix: ...": the first sentence is the summary.
            String m = e.getMessage();
            int cut = m.indexOf(". Looked in: ");
            throw cut < 0 ? new BackendUnavailableException(m, e)
                    : new BackendUnavailableException(m.substring(0, cut), m.substring(cut + 2), e);
        }
        try {
            driver.cuInit(0);
        } catch (CudaException e) {
            throw new BackendUnavailableException("the NVIDIA driver (" + driver.library() + ") did not start: " + e.getMessage()
                    + (e.status() == CudaDriver.CUDA_ERROR_NO_DEVICE ? " (no CUDA device is visible; check nvidia-smi and CUDA_VISIBLE_DEVICES)" : ""), e);
        }
        if (driver.cuDeviceGetCount() == 0) {
            throw new BackendUnavailableException("no CUDA device: the driver (" + driver.library() + ") started but sees no GPU");
        }
        List<String> missing = new ArrayList<>();
        Cublas cublas = null;
        Cudnn cudnn = null;
        Nvrtc nvrtc = null;
        try {
            cublas = new Cublas(finder.load(LibrarySpec.CUBLAS));
        } catch (LibraryNotFoundException | CudaException e) {
            missing.add(e.getMessage());
        }
        try {
            cudnn = new Cudnn(finder.load(LibrarySpec.CUDNN));
        } catch (LibraryNotFoundException | CudaException e) {
            missing.add(e.getMessage());
        }
        try {
            nvrtc = new Nvrtc(finder.load(LibrarySpec.NVRTC));
        } catch (LibraryNotFoundException | CudaException e) {
            missing.add(e.getMessage());
        }
        if (!missing.isEmpty()) {
            // not "unavailable": on a GPU host a silent fall back to the CPU (or gpu tests skipped green) would hide it
            throw new IllegalStateException("a GPU is present but " + String.join(" Also: ", missing)
                    + " Meanwhile -Dmyelin.backend=cpu (or MYELIN_BACKEND=cpu, --backend cpu) runs on the CPU.");
        }
        return new CudaLibraries(driver, cublas, cudnn, nvrtc);
    }

    static String version(NativeLibrary lib) { return lib.soname() + " (" + lib.location() + ")"; }
}
