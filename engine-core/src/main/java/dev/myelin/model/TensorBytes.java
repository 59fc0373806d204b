package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How every saved file stores tensors: their float32 values one after another, little-endian. */
final class TensorBytes {
    private TensorBytes() {}

    /** Writes each tensor's values to {@code out}, in order. */
    static void write(OutputStream out, Iterable<Tensor> tensors) throws IOException {
        for (Tensor t : tensors) {
            float[] v = t.toArray();
            ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(v);
            out.write(buf.array());
        }
    }

    /** The bytes {@code tensors} take: their sizes summed, times 4; -1 past what one Java array can hold. */
    static long byteCount(List<Tensor> tensors) {
        long values = 0;
        for (Tensor t : tensors) values += t.size(); // each size is below 2^31: no overflow before the check below
        return values > (Integer.MAX_VALUE - 8) / Float.BYTES ? -1 : values * Float.BYTES;
    }

    /**
     * The values of {@code targets}, in order, decoded from {@code bytes} (which must hold exactly
     * {@link #byteCount} of them), each checked finite unless {@code allowNonFinite}. Nothing is
     * copied into the tensors yet, so a file that fails here leaves them as they were.
     *
     * @param names what each target is called in errors ({@code weight 0 of Dense 'dense'})
     * @throws ModelFileException starting {@code action FILE:}, naming the tensor and the index of the first non-finite value
     */
    static List<float[]> decode(byte[] bytes, List<Tensor> targets, List<String> names, boolean allowNonFinite, String action,
                                Path file, String entry, String howToAllow) throws ModelFileException {
        long need = byteCount(targets);
        if (need != bytes.length) {
            throw new ModelFileException(action, file, entry + " holds " + bytes.length + " bytes; " + need + " were expected", null);
        }
        FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        List<float[]> values = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Tensor t = targets.get(i);
            float[] v = new float[Math.toIntExact(t.size())];
            floats.get(v);
            int bad = allowNonFinite ? -1 : NonFinite.firstIndex(v);
            if (bad >= 0) {
                throw new ModelFileException(action, file, entry + ": " + names.get(i) + " (shape " + t.shape() + ") holds " + v[bad]
                        + " at index " + bad + " (byte " + 4L * (floats.position() - v.length + bad) + " of " + entry + "): "
                        + howToAllow, null);
            }
            values.add(v);
        }
        return values;
    }

    /** Copies {@code values} (from {@link #decode}) into {@code targets}. */
    static void copyInto(List<Tensor> targets, List<float[]> values) {
        for (int i = 0; i < targets.size(); i++) {
            Tensor t = targets.get(i);
            Backend be = t.backend();
            try (Tensor src = be.fromArray(t.shape(), values.get(i), 0)) {
                be.copyInto(src, t);
            }
        }
    }
}
