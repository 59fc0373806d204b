package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Small helpers shared by the bindings: C layouts and string conversion. */
final class Native {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;   // size_t, CUdeviceptr, unsigned long long
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    static final java.lang.foreign.AddressLayout POINTER = ValueLayout.ADDRESS;

    private Native() {}

    /** Reads a NUL-terminated C string, or returns {@code fallback} for a null pointer. */
    static String string(MemorySegment p, String fallback) {
        if (p == null || p.equals(MemorySegment.NULL)) return fallback;
        return p.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** A device address as a pointer argument for the libraries that declare {@code void*}/{@code float*}. */
    static MemorySegment device(long address) {
        return MemorySegment.ofAddress(address);
    }

    static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s);
    }

    /** Wraps a failure inside a downcall (a wrong handle type is a bug here, not the user's). */
    static CudaException failure(String library, String call, Throwable t) {
        if (t instanceof CudaException c) return c;
        if (t instanceof Error e) throw e;
        return new CudaException(library + " call " + call + " failed in the binding: " + t, t);
    }
}
