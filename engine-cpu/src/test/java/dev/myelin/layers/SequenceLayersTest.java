package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedding, Conv1D, the 1-D poolings, UpSampling1D and TimeDistributed: Keras's shapes, forwards written out, the layer routine. */
class SequenceLayersTest {

    @Test
    void embeddingLooksUpRowsAndOutOfRangeIdsReadZeros() throws Exception {
        Backend be = Backends.current();
        Embedding e = new Embedding(4, 3);
        assertEquals(Shape.of(5, 3), e.build(Shape.of(5)));
        float[] table = e.embeddings().toArray();
        for (float v : table) assertTrue(v >= -0.05f && v < 0.05f, "Keras's uniform initializer: " + v);
        float[] ids = {2, 0, 3, 7, -1, 1};
        try (Scope s = Scope.open()) {
            Tensor y = e.call(be.fromArray(Shape.of(2, 3), ids, 0), false);
            assertEquals(Shape.of(2, 3, 3), y.shape());
            float[] got = y.toArray();
            for (int i = 0; i < ids.length; i++) {
                for (int k = 0; k < 3; k++) {
                    int id = (int) ids[i];
                    assertEquals(id >= 0 && id < 4 ? table[id * 3 + k] : 0f, got[i * 3 + k], "id " + id);
                }
            }
        }
        // The table's gradient: rows of repeated ids add up.
        float[] repeated = {1, 1, 3, 0, 1, 2};
        GradientCheck.check(be, "embedding table", in -> SequenceOps.embedding(in[0], be.fromArray(Shape.of(2, 3), repeated, 0)),
                new Shape[] {Shape.of(4, 3)}, new float[][] {GradientCheck.random(Shape.of(4, 3), 3)}, new boolean[] {true});

        Layer copy = LayerRegistry.fromConfig("Embedding", new Embedding(9, 2).maskZero(true).inputLength(5).config());
        assertEquals(true, ((Embedding) copy).maskZero());
        assertThrows(IncompatibleShapeException.class, () -> new Embedding(9, 2).inputLength(5).build(Shape.of(6)));

        Sequential model = new Sequential(new Input(3), new Embedding(6, 2)).seed(4);
        float[] x = {0, 5, 2, 4, 4, 1};
        Path dir = Files.createTempDirectory("embedding");
        try {
            float[] before = model.predict(x, Shape.of(3), 2);
            model.save(dir.resolve("m.myelin"));
            assertArrayEquals(before, Sequential.load(dir.resolve("m.myelin")).predict(x, Shape.of(3), 2));
        } finally {
            Files.deleteIfExists(dir.resolve("m.myelin"));
            Files.deleteIfExists(dir);
        }
    }

    /** Keras's output lengths: valid floor((L - d(k-1) - 1)/s) + 1, same and causal ceil(L/s). */
    @Test
    void conv1dShapesAndGradients() throws Exception {
        LayerTests.run(() -> new Conv1D(2, 3), Shape.of(7, 2), Shape.of(5, 2));
        LayerTests.run(() -> new Conv1D(2, 3).strides(2).padding("same"), Shape.of(7, 2), Shape.of(4, 2));
        LayerTests.run(() -> new Conv1D(3, 2).dilationRate(2).padding("causal").activation("tanh"), Shape.of(6, 2), Shape.of(6, 3));
        LayerTests.run(() -> new Conv1D(1, 2).dilationRate(3).strides(2).useBias(false), Shape.of(9, 1), Shape.of(3, 1));
        assertThrows(IncompatibleShapeException.class, () -> new Conv1D(1, 5).dilationRate(2).build(Shape.of(8, 1)));
        Conv1D c = new Conv1D(64, 5);
        c.build(Shape.of(100, 16));
        assertEquals(5 * 16 * 64 + 64, c.paramCount());
    }

    /** A causal, dilated, strided convolution against the sum written out. */
    @Test
    void conv1dForwardMatchesTheSumWrittenOut() {
        Backend be = Backends.current();
        int n = 2, steps = 9, channels = 3, filters = 2, k = 3, d = 2, s = 2;
        Conv1D c = new Conv1D(filters, k).dilationRate(d).strides(s).padding("causal");
        c.build(Shape.of(steps, channels));
        float[] w = c.params().get(0).toArray(), b = GradientCheck.random(Shape.of(filters), 2);
        be.copyInto(be.fromArray(Shape.of(filters), b, 0), c.params().get(1));
        float[] x = GradientCheck.random(Shape.of(n, steps, channels), 5);
        int out = (steps - 1) / s + 1;
        float[] want = new float[n * out * filters];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                for (int f = 0; f < filters; f++) {
                    double sum = b[f];
                    for (int j = 0; j < k; j++) {
                        int t = o * s + j * d - d * (k - 1);
                        if (t < 0) continue;
                        for (int ch = 0; ch < channels; ch++) sum += x[(i * steps + t) * channels + ch] * w[(j * channels + ch) * filters + f];
                    }
                    want[(i * out + o) * filters + f] = (float) sum;
                }
            }
        }
        try (Scope sc = Scope.open()) {
            assertArrayEquals(want, c.call(be.fromArray(Shape.of(n, steps, channels), x, 0), false).toArray(), 1e-5f);
        }
    }

    @Test
    void poolings() throws Exception {
        LayerTests.run(MaxPooling1D::new, Shape.of(5, 2), Shape.of(2, 2));
        LayerTests.run(() -> new AveragePooling1D(3).strides(2).padding("same"), Shape.of(5, 2), Shape.of(3, 2));
        LayerTests.run(() -> new MaxPooling1D(2).strides(1), Shape.of(4, 3), Shape.of(3, 3));
        LayerTests.run(GlobalAveragePooling1D::new, Shape.of(4, 3), Shape.of(3));
        LayerTests.run(() -> new GlobalMaxPooling1D().keepdims(true), Shape.of(4, 3), Shape.of(1, 3));

        Backend be = Backends.current();
        float[] x = {1, -1, 4, 2, 3, 0, -2, 5};
        try (Scope s = Scope.open()) {
            Tensor in = be.fromArray(Shape.of(1, 4, 2), x, 0);
            assertArrayEquals(new float[] {4, 2, 3, 5}, new MaxPooling1D().call(in, false).toArray());
            assertArrayEquals(new float[] {2.5f, 0.5f, 0.5f, 2.5f}, new AveragePooling1D().call(in, false).toArray());
            assertArrayEquals(new float[] {1.5f, 1.5f}, new GlobalAveragePooling1D().call(in, false).toArray());
            assertArrayEquals(new float[] {4, 5}, new GlobalMaxPooling1D().call(in, false).toArray());
        }
    }

    @Test
    void upSamplingRepeatsEachStep() throws Exception {
        LayerTests.run(() -> new UpSampling1D(3), Shape.of(2, 2), Shape.of(6, 2));
        Backend be = Backends.current();
        try (Scope s = Scope.open()) {
            UpSampling1D u = new UpSampling1D();
            u.build(Shape.of(2, 1));
            assertArrayEquals(new float[] {7, 7, 8, 8}, u.call(be.fromArray(Shape.of(1, 2, 1), new float[] {7, 8}, 0), false).toArray());
        }
    }

    @Test
    void timeDistributedAppliesOneLayerToEveryStep() throws Exception {
        LayerTests.run(() -> new TimeDistributed(new Dense(3)), Shape.of(4, 5), Shape.of(4, 3));
        LayerTests.run(() -> new TimeDistributed(new Conv1D(2, 2)), Shape.of(3, 4, 2), Shape.of(3, 3, 2));
        TimeDistributed t = new TimeDistributed(new Dense(8));
        t.build(Shape.of(10, 16));
        assertEquals(16 * 8 + 8, t.paramCount());

        Backend be = Backends.current();
        Dense alone = new Dense(2);
        alone.build(Shape.of(3));
        TimeDistributed wrapped = new TimeDistributed(alone);
        wrapped.build(Shape.of(4, 3));
        float[] x = GradientCheck.random(Shape.of(2, 4, 3), 6);
        try (Scope s = Scope.open()) {
            float[] all = wrapped.call(be.fromArray(Shape.of(2, 4, 3), x, 0), false).toArray();
            float[] step = alone.call(be.fromArray(Shape.of(1, 3), x, 3 * 5), false).toArray();   // sample 1, step 1
            assertArrayEquals(step, java.util.Arrays.copyOfRange(all, 2 * 5, 2 * 6), 1e-6f);
        }
    }
}
