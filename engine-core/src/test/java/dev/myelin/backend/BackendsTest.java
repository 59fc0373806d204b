package dev.myelin.backend;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Selection over two fake providers registered in this module's test resources. */
class BackendsTest {

    static final Backend DUMMY = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "name" -> "fake-cpu";
                case "toString" -> "dummy";
                case "hashCode" -> 1;
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    public static final class Unavailable implements BackendProvider {
        @Override public String name() { return "fake-gpu"; }
        @Override public int priority() { return 100; }
        @Override public Backend create() throws BackendUnavailableException {
            throw new BackendUnavailableException("libfake.so.1 not found (looked in /nowhere)");
        }
    }

    public static final class Available implements BackendProvider {
        @Override public String name() { return "fake-cpu"; }
        @Override public int priority() { return 0; }
        @Override public Backend create() { return DUMMY; }
    }

    /** The distribution runs every module's tests on one class path, where the real backends join the fakes. */
    private static void onlyTheFakeProviders() {
        assumeTrue(java.util.ServiceLoader.load(BackendProvider.class).stream()
                        .allMatch(p -> p.type().getName().startsWith(BackendsTest.class.getName())),
                "the real backends are on the class path (the distribution's test run); this test needs the fakes alone");
    }

    @Test
    void prefersTheHighestPriorityAndFallsBackSayingWhy() {
        onlyTheFakeProviders();
        Backends.Selection s = Backends.select(null);
        assertSame(DUMMY, s.backend());
        assertTrue(s.fellBack());
        assertTrue(s.reason().contains("fake-gpu unavailable: libfake.so.1 not found (looked in /nowhere)"), s.reason());
    }

    @Test
    void forcingABackendThatCannotStartIsAnErrorNamingWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("fake-gpu"));
        assertTrue(e.getMessage().contains("libfake.so.1 not found (looked in /nowhere)"), e.getMessage());
    }

    @Test
    void forcingAWorkingBackendDoesNotFallBack() {
        Backends.Selection s = Backends.select("fake-cpu");
        assertSame(DUMMY, s.backend());
        assertFalse(s.fellBack());
    }

    @Test
    void unknownBackendListsTheAvailableOnes() {
        onlyTheFakeProviders();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("tpu"));
        assertEquals("unknown backend 'tpu'; available: [fake-gpu, fake-cpu] (is the engine-tpu jar on the class path?)", e.getMessage());
    }
}
