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
        String why = nativeAccessMissing(CudaBackendProvider.class.getModule());
        if (why != null) throw new BackendUnavailableException(why);
        return CudaBackend.start(CudaOptions.fromSystem(), LibraryFinder.system());
    }

    /**
     * Why this module may not call native code, or null when it may. Checked before any library is
     * loaded, so that a JVM started without the flag says what to add instead of printing the JDK's
     * restricted-method warning (or failing, under {@code --illegal-native-access=deny}).
     */
    static String nativeAccessMissing(Module module) {
        if (module.isNativeAccessEnabled()) return null;
        String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "native access is not enabled for Myelin's CUDA bindings: run java with --enable-native-access=" + target;
    }
}
