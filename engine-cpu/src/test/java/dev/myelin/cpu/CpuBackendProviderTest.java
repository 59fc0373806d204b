package dev.myelin.cpu;

import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU backend is found through {@link java.util.ServiceLoader} under the name users pass. */
class CpuBackendProviderTest {
    @Test
    void serviceLoaderFindsTheCpuBackend() {
        BackendProvider cpu = Backends.providers().stream().filter(p -> p.name().equals("cpu")).findFirst().orElseThrow();
        assertEquals(0, cpu.priority());
        var selection = Backends.select("cpu");
        assertInstanceOf(CpuBackend.class, selection.backend());
        assertTrue(selection.reason().contains("cpu"), selection.reason());
        assertTrue(selection.backend().description().contains("threads"), selection.backend().description());
    }
}
