package dev.myelin.model;

import dev.myelin.backend.UnaryOp;
import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Add;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Keras's mask propagation through the graph: made by one layer, passed on by those that support masking, dropped by the rest. */
class MaskingTest {

    /** Like Embedding(maskZero): the identity on (timesteps, 1), with a mask of 1 where a timestep is not 0. */
    static final class ZeroMasker extends Layer {
        @Override
        protected Shape computeOutputShape(Shape input) { return input; }

        @Override
        public Tensor call(Tensor x, boolean training) { return x; }

        @Override
        public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
            Tensor x = inputs.get(0);
            return List.of(Ops.unary(UnaryOp.SIGN, Ops.abs(x)).reshape(x.dim(0), x.dim(1)));
        }
    }

    /** Records the mask it receives, as a layer that reads its input's mask (an LSTM) would, and passes it on. */
    static final class MaskReader extends Layer {
        final List<float[]> seen = new ArrayList<>();

        @Override
        public boolean supportsMasking() { return true; }

        @Override
        protected Shape computeOutputShape(Shape input) { return input; }

        @Override
        public Tensor call(Tensor x, boolean training) { return x; }

        @Override
        public Tensor call(Tensor x, Tensor mask, boolean training) {
            seen.add(mask == null ? null : mask.toArray());
            return x;
        }
    }

    @Test
    void maskFlowsThroughMaskingLayersAndStopsAtOthers() {
        SymbolicTensor in = Input.of(4, 1);
        MaskReader afterDense = new MaskReader(), afterAdd = new MaskReader(), afterFlatten = new MaskReader();
        SymbolicTensor masked = new ZeroMasker().apply(in);
        SymbolicTensor d = afterDense.apply(new Dense(2).apply(masked));
        SymbolicTensor sum = afterAdd.apply(new Add().apply(d, new Dense(2).apply(in)));
        SymbolicTensor out = afterFlatten.apply(new Flatten().apply(sum));
        Model m = new Model(in, out);
        m.predict(ShapedArray.of(new float[] {3, 0, -1, 0, 0, 2, 2, 5}, 2, 4, 1));
        float[] expected = {1, 0, 1, 0, 0, 1, 1, 1};
        assertArrayEquals(expected, afterDense.seen.get(0), "Dense passes the mask on");
        assertArrayEquals(expected, afterAdd.seen.get(0), "a merge ANDs its inputs' masks (one input has none)");
        assertEquals(1, afterFlatten.seen.size());
        assertNull(afterFlatten.seen.get(0), "Flatten does not support masking: the mask is dropped");
    }
}
