package dev.myelin.cpu;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendProvider;

/** Makes the pure-Java backend known to {@link java.util.ServiceLoader}; it starts anywhere, with the lowest priority. */
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
        return new CpuBackend();
    }
}
