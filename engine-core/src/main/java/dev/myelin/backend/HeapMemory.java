package dev.myelin.backend;

/**
 * Checks that the Java heap has room before a large array is made, so that a request too large
 * fails with an {@link InsufficientMemoryException} naming what asked for it, not an
 * {@link OutOfMemoryError} from wherever the heap ran out.
 */
public final class HeapMemory {
    private HeapMemory() {}

    /** Bytes the heap can still grow into: its maximum less what is in use now. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Throws unless {@code bytes} fit the heap; when they seem not to, collects garbage once and
     * looks again, since unreachable arrays count as used until then.
     *
     * @throws InsufficientMemoryException naming {@code what} when they do not fit
     */
    public static void require(long bytes, String what) {
        if (bytes <= available()) return;
        System.gc();
        if (bytes > available()) throw InsufficientMemoryException.heap(what, bytes, null);
    }
}
