package dev.myelin.backend;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void prefersTheHighestPriorityAndFallsBackSayingWhy() {
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
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("tpu"));
        assertEquals("unknown backend 'tpu'; available: [fake-gpu, fake-cpu] (is the engine-tpu jar on the class path?)", e.getMessage());
    }
}
