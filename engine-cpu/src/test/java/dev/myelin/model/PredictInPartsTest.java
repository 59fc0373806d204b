package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict} runs each batch in parts of the size the backend asks for (on the CPU, parts whose
 * activations stay in cache): the layers see parts of that many samples, the last one the rest, and
 * every sample's outputs are those of the network written out here in double. A model with a user's
 * layer, which might mix the samples of a batch, gets whole batches.
 *
 * <p>Tolerance: a float sum of K terms is within {@code K * 2^-24} of the sum of their magnitudes;
 * an output is a sum over 32 channels (plus the bias) of averages over 1,600 pixels of sums of 72
 * products (plus the bias), so within {@code (33 + 1600 + 73) * 2^-24} of the same network's sum
 * of magnitudes.
 */
class PredictInPartsTest {
    private static final int SIDE = 40, IN_C = 8, FILTERS = 32, CLASSES = 3;

    private final Conv2D conv = new Conv2D(FILTERS, 3).padding("same").activation("relu");
    private final Dense dense = new Dense(CLASSES);

    @Test
    void batchesRunInThePartsTheBackendAsksForWithEachSamplesOwnOutputs() {
        SymbolicTensor in = Input.of(SIDE, SIDE, IN_C);
        Model m = new Model(in, dense.apply(new GlobalAveragePooling2D().apply(conv.apply(in)))).seed(5);
        Backend be = Backends.current();
        int part = be.inferenceRows((long) SIDE * SIDE * FILTERS * Float.BYTES), n = 3 * part + 1;
        assertTrue(part >= 1 && part < 1000, "part of " + part);
        float[] x = random(n * SIDE * SIDE * IN_C, 6);

        List<Integer> seen = new ArrayList<>();
        Graph.OBSERVER.set((layer, outputs) -> {
            if (layer == dense) seen.add(outputs.get(0).dim(0));
        });
        float[] y;
        try {
            y = m.predict(x, Shape.of(SIDE, SIDE, IN_C), n);
        } finally {
            Graph.OBSERVER.remove();
        }
        assertEquals(List.of(part, part, part, 1), seen, "batch sizes the layers saw");
        assertMatchesNetwork(x, n, y);
    }

    @Test
    void aModelWithAUsersLayerGetsWholeBatches() {
        BatchSizes sizes = new BatchSizes();
        SymbolicTensor in = Input.of(SIDE, SIDE, IN_C);
        Model m = new Model(in, dense.apply(new GlobalAveragePooling2D().apply(sizes.apply(conv.apply(in))))).seed(5);
        int n = 3 * Backends.current().inferenceRows((long) SIDE * SIDE * FILTERS * Float.BYTES) + 1;
        m.predict(random(n * SIDE * SIDE * IN_C, 7), Shape.of(SIDE, SIDE, IN_C), n);
        assertEquals(List.of(n), sizes.seen);
    }

    /** A user's layer: passes its input on and notes its batch size. */
    private static final class BatchSizes extends Layer {
        final List<Integer> seen = new ArrayList<>();

        @Override
        protected Shape computeOutputShape(Shape input) { return input; }

        @Override
        public Tensor call(Tensor x, boolean training) {
            seen.add(x.dim(0));
            return x;
        }
    }

    private void assertMatchesNetwork(float[] x, int n, float[] y) {
        float[] k = conv.weights().get(0).toArray(), kb = conv.weights().get(1).toArray(); // OHWI
        float[] w = dense.weights().get(0).toArray(), wb = dense.weights().get(1).toArray();
        double u = Math.ulp(1f) / 2;
        for (int s = 0; s < n; s++) {
            double[] mean = new double[FILTERS], meanMagnitude = new double[FILTERS];
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    for (int f = 0; f < FILTERS; f++) {
                        double sum = kb[f], magnitude = Math.abs(kb[f]);
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int rr = r + i - 1, cc = c + j - 1;
                                if (rr < 0 || rr >= SIDE || cc < 0 || cc >= SIDE) continue;
                                for (int ch = 0; ch < IN_C; ch++) {
                                    double term = (double) x[((s * SIDE + rr) * SIDE + cc) * IN_C + ch] * k[((f * 3 + i) * 3 + j) * IN_C + ch];
                                    sum += term;
                                    magnitude += Math.abs(term);
                                }
                            }
                        }
                        mean[f] += Math.max(0, sum) / (SIDE * SIDE);
                        meanMagnitude[f] += magnitude / (SIDE * SIDE);
                    }
                }
            }
            for (int o = 0; o < CLASSES; o++) {
                double sum = wb[o], magnitude = Math.abs(wb[o]);
                for (int f = 0; f < FILTERS; f++) {
                    sum += mean[f] * w[f * CLASSES + o];
                    magnitude += meanMagnitude[f] * Math.abs(w[f * CLASSES + o]);
                }
                double tolerance = (33 + 1600 + 73) * u * magnitude;
                assertEquals(sum, y[s * CLASSES + o], tolerance, "sample " + s + ", output " + o);
            }
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }
}
