package dev.myelin.model;

import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
}
