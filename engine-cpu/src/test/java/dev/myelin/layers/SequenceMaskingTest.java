package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.model.Model;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Masks from Embedding(maskZero) through the recurrent layers, Bidirectional and
 * GlobalAveragePooling1D, and the recurrent layers' several outputs, in models built with the
 * functional API.
 */
class SequenceMaskingTest {
    private static final float TOLERANCE = 1e-6f;

    /** Padding at the end or at the start gives the same output once the padded steps are skipped. */
    private static void paddingDoesNotMatter(Layer recurrent, boolean expectEqual) {
        Sequential model = new Sequential(new Input(5), new Embedding(10, 3).maskZero(expectEqual), recurrent).seed(3);
        float[] post = {4, 7, 2, 0, 0}, pre = {0, 0, 4, 7, 2};
        float[] a = model.predict(post, Shape.of(5), 1), b = model.predict(pre, Shape.of(5), 1);
        if (expectEqual) assertArrayEquals(a, b, TOLERANCE, recurrent.describe());
        else assertFalse(java.util.Arrays.equals(a, b), recurrent.describe() + " without a mask sees the padding");
    }

    @Test
    void maskedStepsAreSkippedByEveryRecurrentLayer() {
        paddingDoesNotMatter(new LSTM(4), true);
        paddingDoesNotMatter(new GRU(4), true);
        paddingDoesNotMatter(new SimpleRNN(4), true);
        paddingDoesNotMatter(new Bidirectional(new LSTM(3)), true);
        paddingDoesNotMatter(new LSTM(4), false);
    }

    @Test
    void globalAveragePoolingAveragesTheUnmaskedSteps() {
        Embedding e = new Embedding(10, 3).maskZero(true);
        Sequential model = new Sequential(new Input(4), e, new GlobalAveragePooling1D()).seed(2);
        float[] got = model.predict(new float[] {6, 0, 2, 0}, Shape.of(4), 1);
        float[] table = e.embeddings().toArray();
        for (int k = 0; k < 3; k++) assertEquals((table[6 * 3 + k] + table[2 * 3 + k]) / 2, got[k], TOLERANCE);
    }

    @Test
    void aSequenceOutputCarriesTheMaskToTheNextRecurrentLayer() {
        Sequential stacked = new Sequential(new Input(5), new Embedding(10, 3).maskZero(true), new GRU(4).returnSequences(true),
                new LSTM(2)).seed(5);
        assertArrayEquals(stacked.predict(new float[] {4, 7, 2, 0, 0}, Shape.of(5), 1),
                stacked.predict(new float[] {0, 4, 7, 0, 2}, Shape.of(5), 1), TOLERANCE);
    }

    @Test
    void returnStateGivesTheOutputThenTheFinalStates() {
        SymbolicTensor in = Input.of(6, 2);
        List<SymbolicTensor> lstm = new LSTM(3).returnState(true).applyAll(in);
        assertEquals(List.of(Shape.of(3), Shape.of(3), Shape.of(3)), lstm.stream().map(SymbolicTensor::shape).toList());
        List<SymbolicTensor> bi = new Bidirectional(new GRU(2).returnSequences(true).returnState(true)).mergeMode(null).applyAll(in);
        assertEquals(List.of(Shape.of(6, 2), Shape.of(6, 2), Shape.of(2), Shape.of(2)), bi.stream().map(SymbolicTensor::shape).toList());
        // An encoder's final states start a decoder, Keras's initial_state.
        SymbolicTensor decoded = new LSTM(3).returnSequences(true).apply(in, lstm.get(1), lstm.get(2));
        Model model = new Model(List.of(in), List.of(lstm.get(0), lstm.get(1), lstm.get(2), decoded));
        Backend be = Backends.current();
        try (Scope s = Scope.open()) {
            float[] x = new float[2 * 6 * 2];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
            List<Tensor> out = model.callAll(List.of(be.fromArray(Shape.of(2, 6, 2), x, 0)), false);
            assertArrayEquals(out.get(0).toArray(), out.get(1).toArray(), "an LSTM's last output is its final h");
            assertEquals(Shape.of(2, 6, 3), out.get(3).shape());
        }
    }

    /** Keras's masked loss: the mean squared error over the steps the mask keeps, not over all of them. */
    @Test
    void theLossAveragesOverTheUnmaskedStepsOnly() {
        Sequential model = new Sequential(new Input(4), new Embedding(10, 3).maskZero(true), new LSTM(2).returnSequences(true),
                new TimeDistributed(new Dense(1))).seed(7);
        model.compile(new dev.myelin.optimizers.SGD(0.01), new dev.myelin.losses.MeanSquaredError());
        float[] x = {3, 5, 0, 0, /**/ 1, 2, 8, 0, /**/ 9, 0, 0, 0};
        float[] y = {0.5f, -1, 7, 7, /**/ 0.2f, 0.1f, 0.3f, -9, /**/ 1, 4, 4, 4};
        float[] pred = model.predict(x, Shape.of(4), 3);
        double sum = 0;
        int kept = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) continue;
            sum += (pred[i] - y[i]) * (pred[i] - y[i]);
            kept++;
        }
        dev.myelin.data.Dataset data = new dev.myelin.data.Dataset(x, Shape.of(4), y, Shape.of(4, 1));
        assertEquals(sum / kept, model.evaluate(data, 3).get("loss"), 1e-6);
    }

    /** Keras's Masking: all-zero steps are skipped by the LSTM and zeroed in the output. */
    @Test
    void maskingLayerMasksStepsWhoseFeaturesAllEqualTheValue() throws Exception {
        Sequential model = new Sequential(new Input(4, 2), new Masking(), new LSTM(3)).seed(4);
        float[] post = {0.5f, -1, 0.25f, 0, 0, 0, 0, 0}, pre = {0, 0, 0.5f, -1, 0, 0, 0.25f, 0};
        assertArrayEquals(model.predict(post, Shape.of(4, 2), 1), model.predict(pre, Shape.of(4, 2), 1), TOLERANCE);
        Sequential alone = new Sequential(new Input(3, 2), new Masking(-1)).seed(1);
        assertArrayEquals(new float[] {0, 0, 2, -1, 0, 0}, alone.predict(new float[] {-1, -1, 2, -1, -1, -1}, Shape.of(3, 2), 1), 0f);   // -0 counts as 0
        LayerTests.run(() -> new Masking(0.5), Shape.of(3, 2), Shape.of(3, 2));
    }
}
