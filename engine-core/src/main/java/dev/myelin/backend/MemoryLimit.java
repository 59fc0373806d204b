package dev.myelin.backend;

/**
 * What a backend's tensors may still use: the bytes available now, and how a user raises the limit.
 *
 * @param available bytes available now
 * @param howToRaise advice for the user, e.g. "give Java more with MYELIN_JAVA_OPTS=-Xmx8g"
 */
public record MemoryLimit(long available, String howToRaise) {
    /** The Java heap (where the CPU backend keeps its tensors), after a garbage collection when it looks short. */
    public static MemoryLimit javaHeap() {
        return new MemoryLimit(HeapMemory.available(), "MYELIN_JAVA_OPTS=-Xmx<size> (now -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m)");
    }

    /**
     * Throws unless {@code bytes} fit; a heap that looks too full is collected once first, since
     * unreachable arrays count as used until then.
     *
     * @throws InsufficientMemoryException naming {@code what}, the bytes needed and available, and the advice
     */
    public static void require(Backend backend, long bytes, String what) {
        MemoryLimit limit = backend.memoryLimit();
        if (limit == null || bytes <= limit.available()) return;
        System.gc();
        limit = backend.memoryLimit();
        if (bytes > limit.available()) {
            throw new InsufficientMemoryException(what, bytes, limit.available(), "are available; raise the limit with "
                    + limit.howToRaise(), null);
        }
    }
}
