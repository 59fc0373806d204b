package dev.myelin.cuda;

import dev.myelin.backend.Backends;
import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.cuda.ffm.LibraryFinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The documented behaviour on a machine with no NVIDIA driver (CI, laptops): a clear error when forced, a fallback otherwise. */
class ForcedCudaWithoutDriverTest {

    @BeforeAll
    static void onlyWithoutADriver() {
        boolean driver;
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
            driver = true;
        } catch (IllegalArgumentException e) {
            driver = false;
        }
        assumeFalse(driver, "this machine has libcuda.so.1; the no-driver behaviour cannot be seen here");
    }

    @Test
    void forcingCudaNamesTheDriverLibraryAndWhereItLooked() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("cuda"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String m = e.getMessage();
        assertTrue(m.startsWith("backend 'cuda' was requested but cannot start: libcuda.so.1 (the NVIDIA driver) was not found"), m);
        assertTrue(m.contains("MYELIN_CUDA_PATH"), m);
        assertTrue(m.contains("the loader path"), m);
        assertTrue(m.contains("/usr/local/cuda/lib64"), m);
        assertTrue(m.contains("To fix: install the NVIDIA driver"), m);
        assertTrue(millis < 5_000, "failing should be fast, took " + millis + " ms");
    }

    @Test
    void withNothingForcedTheCpuRunsAndTheReasonSaysWhyCudaDidNot() {
        Backends.Selection s = Backends.select(null);
        try {
            assertEquals("cpu", s.backend().name());
            assertTrue(s.fellBack());
            assertTrue(s.reason().contains("cuda unavailable: libcuda.so.1 (the NVIDIA driver) was not found"), s.reason());
            assertFalse(s.reason().contains("Looked in"), "the fallback line stays short: " + s.reason());
        } finally {
            s.backend().close();
        }
    }

    @Test
    void theProviderThrowsTheCheckedUnavailableException() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> CudaBackend.start(CudaOptions.fromSystem(), LibraryFinder.system()));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
    }
}
