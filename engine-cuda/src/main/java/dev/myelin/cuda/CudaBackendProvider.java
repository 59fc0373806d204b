package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.cuda.ffm.LibraryFinder;

/** Offers the CUDA backend, preferred over the CPU's when it starts. */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() { return "cuda"; }

    @Override
    public int priority() { return 100; }

    @Override
    public Backend create() throws BackendUnavailableException {
        return CudaBackend.start(CudaOptions.fromSystem(), LibraryFinder.system());
    }
}
