package dev.myelin.cpu;

import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Sgemm;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Convolution filters packed for the patch product, kept between forward calls while the filter's
 * values stay the same: inference packs each layer's filter once, not on every call (12% of
 * LeNet's inference at batch 1 went to packing its second layer's filter). An entry is found by the
 * filter's array and holds a copy of the values it was packed from; it is used only when that copy
 * equals the filter now, element for element, so no write to the weights, by whatever path, can
 * leave a stale packing in use. The comparison reads the filter once (a quarter of what packing
 * costs). A filter that changed since the last call (training) is copied into the entry and packed
 * as before, into the caller's buffer; one that is the same on two calls in a row is packed into
 * the entry and kept. Entries go with their filter arrays (weak keys), at most {@link #MAX_ENTRIES}.
 */
final class PackedFilters {
    private static final int MAX_ENTRIES = 64;
    private static final Map<float[], Entry> ENTRIES = new WeakHashMap<>();

    private static final class Entry {
        final float[] values;
        /** The packing of {@link #values}; replaced, never written, once published. */
        PackedB packed;

        Entry(int size) {
            values = new float[size];
        }
    }

    private PackedFilters() {}

    /**
     * The packing of {@code op(W)} (shape (k, n), {@code W} the first {@code k * n} floats of
     * {@code w}, transposed when {@code transB}) kept for {@code w}'s current values, or null when
     * there is none yet (the caller packs it itself).
     */
    static PackedB kept(float[] w, boolean transB, int k, int n) {
        int size = k * n;
        Entry entry;
        synchronized (ENTRIES) {
            entry = ENTRIES.get(w);
            if (entry == null || entry.values.length != size) {
                if (ENTRIES.size() >= MAX_ENTRIES) ENTRIES.clear();
                entry = new Entry(size);
                System.arraycopy(w, 0, entry.values, 0, size);
                ENTRIES.put(w, entry);
                return null;
            }
        }
        synchronized (entry) {
            if (!Arrays.equals(entry.values, 0, size, w, 0, size)) {
                System.arraycopy(w, 0, entry.values, 0, size);
                entry.packed = null;
                return null;
            }
            PackedB packed = entry.packed;
            if (packed == null || packed.k() != k || packed.n() != n) {
                packed = Sgemm.packB(transB, k, n, entry.values, 0, transB ? k : n, new float[Sgemm.packedSize(k, n)]);
                entry.packed = packed;
            }
            return packed;
        }
    }
}
