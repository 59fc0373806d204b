package dev.myelin.cpu;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendProvider;

/**
 * Makes the pure-Java backend known to {@link java.util.ServiceLoader}; it starts anywhere, with the lowest priority.
 * The backend it creates starts the kernels' warm-up ({@link CpuWarmUp}), once per JVM.
 */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Backend create() {
        CpuBackend backend = new CpuBackend();
        CpuWarmUp.startOnce(backend);
        return backend;
    }
}
