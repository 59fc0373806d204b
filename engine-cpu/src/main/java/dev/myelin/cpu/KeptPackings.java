package dev.myelin.cpu;

import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.cpu.kernel.WindowProduct;

/**
 * B operands of products (convolution filters, dense kernels) packed once and kept with their
 * storage while its values stay the same: inference packs each weight once, not on every call
 * (LeNet's second convolution's filter cost 12% of a call at batch 1, its Dense 500's kernel 6%
 * at batch 32). A packing is used only while the storage's write count
 * ({@link CpuStorage#writes()}) is the one it was packed at, so an optimizer step, a
 * {@code copyInto} from loading weights, or any other in-place op makes the next call pack the new
 * values. A storage whose values changed since its last call here (training) is not packed here:
 * the caller packs into its own buffer, as without keeping, and nothing is copied or compared;
 * one seen twice in a row with the same count is packed into a new array kept on the storage
 * (dropped when the storage is freed or its tensor collected).
 */
final class KeptPackings {
    /**
     * What a storage's last call here saw: its write count, the operand's layout (runs: 1 for a
     * {@link Sgemm#packB} packing, else a {@link WindowProduct#pack} one), and the packing once made.
     */
    record Kept(int writes, boolean transB, int k, int n, int runs, PackedB packed) {
        boolean sameAs(int writes, boolean transB, int k, int n, int runs) {
            return this.writes == writes && this.transB == transB && this.k == k && this.n == n && this.runs == runs;
        }
    }

    private KeptPackings() {}

    /**
     * The kept packing of {@code op(B)} for {@code C = A op(B)} with A (m, k) not transposed, where the plain
     * product packs B itself (not one row, which reads B in place, nor a C computed transposed), so the
     * bits are the same; else, or when none is kept for the current values, null.
     */
    static PackedB forProduct(CpuStorage b, boolean transB, int m, int n, int k) {
        if (m <= 1 || Sgemm.transposedIsCheaper(false, transB, m, n, k, 1f)) return null;
        return kept(b, transB, k, n);
    }

    /**
     * The packing of {@code op(B)} (shape (k, n); B the first {@code k * n} values of
     * {@code storage}, row-major, stored (n, k) when {@code transB}) kept for the storage's current
     * values, or null when there is none (the caller packs it itself).
     */
    static PackedB kept(CpuStorage storage, boolean transB, int k, int n) {
        return kept(storage, transB, k, n, 1);
    }

    /**
     * The {@link WindowProduct#pack} packing of filters {@code (n, runs * runLength)}, the first
     * values of {@code storage}, kept for its current values, or null as {@link #kept(CpuStorage, boolean, int, int)}.
     */
    static PackedB keptRuns(CpuStorage storage, int runs, int runLength, int n) {
        return kept(storage, true, runs * runLength, n, runs);
    }

    private static PackedB kept(CpuStorage storage, boolean transB, int k, int n, int runs) {
        int writes = storage.writes();
        Kept kept = storage.kept;
        if (kept == null || !kept.sameAs(writes, transB, k, n, runs)) {
            storage.kept = new Kept(writes, transB, k, n, runs, null);
            return null;
        }
        if (kept.packed() != null) return kept.packed();
        // The same values as on the last call: from now on, likely every call (inference).
        PackedB packed = runs == 1
                ? Sgemm.packB(transB, k, n, storage.values(), 0, transB ? k : n, new float[Sgemm.packedSize(k, n)])
                : WindowProduct.pack(storage.values(), runs, k / runs, n, new float[WindowProduct.packedSize(runs, k / runs, n)]);
        storage.kept = new Kept(writes, transB, k, n, runs, packed);
        return packed;
    }
}
