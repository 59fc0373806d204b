package dev.myelin.backend;

import java.util.Locale;

/**
 * A model, batch or file needs more memory than the process has: the message says what needed it,
 * the bytes needed, the bytes available and how to raise the limit. Myelin throws it instead of
 * letting an {@link OutOfMemoryError} escape, from whichever thread hit the limit.
 */
public class InsufficientMemoryException extends RuntimeException {
    private final long needed;
    private final long available;

    /** {@code what} says what needed the memory ("the weights of layer 'dense'", "a batch of 512 samples"). */
    public InsufficientMemoryException(String what, long needed, long available, String howToRaise, Throwable cause) {
        super(what + (needed > 0 ? " needs " + bytes(needed) + " but " : " ran out of memory: ") + bytes(available) + " "
                + (howToRaise == null ? "" : howToRaise), cause);
        this.needed = needed;
        this.available = available;
    }

    /** The Java heap ran short: {@code needed} bytes for {@code what}; the advice is {@code MYELIN_JAVA_OPTS=-Xmx}. */
    public static InsufficientMemoryException heap(String what, long needed, Throwable cause) {
        long max = Runtime.getRuntime().maxMemory();
        long suggestGiB = Math.max(1, (max + 2 * Math.max(0, needed) + (1L << 30) - 1) >> 30);
        return new InsufficientMemoryException(what, needed, HeapMemory.available(),
                "are free in the Java heap (of " + bytes(max) + " at most); give Java more with MYELIN_JAVA_OPTS=-Xmx"
                        + suggestGiB + "g (or -Xmx in the JVM options)", cause);
    }

    /** Bytes needed. */
    public long needed() { return needed; }

    /** Bytes that were available. */
    public long available() { return available; }

    /** {@code 123456789} as {@code 117.7 MiB (123456789 bytes)}. */
    static String bytes(long n) {
        if (n < 1024) return n + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
    }
}
