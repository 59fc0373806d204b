package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras's functional API: graphs, shapes, parameter counts, shared layers, nested models, summaries and errors. */
class FunctionalModelTest {

    @Test
    void applyInfersShapesAtOnce() {
        SymbolicTensor in = Input.of(32, 32, 3);
        SymbolicTensor x = new Conv2D(16, 3).padding("same").useBias(false).apply(in);
        assertEquals(Shape.of(32, 32, 16), x.shape());
        SymbolicTensor y = new Dense(10).apply(new Flatten().apply(x));
        assertEquals(Shape.of(10), y.shape());
        assertEquals(Shape.of(50), Input.of(50).shape());
        assertTrue(in.layer() instanceof Input);
        assertEquals("InputLayer", in.layer().typeName());
    }

    /**
     * Two inputs, concatenated, two heads. Keras's counts: Dense(8) on 4 features 40, Dense(8) on 6
     * features 56, Dense(1) on 16 features 17, Dense(3) on 16 features 51; 164 in all.
     */
    @Test
    void twoInputsTwoOutputsCountAsKeras() {
        SymbolicTensor a = Input.of("a", 4), b = Input.of("b", 6);
        SymbolicTensor ha = new Dense(8).apply(a), hb = new Dense(8).apply(b);
        SymbolicTensor joined = new Concatenate().apply(ha, hb);
        assertEquals(Shape.of(16), joined.shape());
        SymbolicTensor score = new Dense(1).named("score").apply(joined);
        SymbolicTensor kind = new Dense(3).named("kind").apply(joined);
        Model m = new Model(List.of(a, b), List.of(score, kind));
        assertEquals(List.of("score", "kind"), m.outputNames());
        assertEquals(164, m.paramCount());
        assertEquals(7, m.layers().size(), "two inputs, four Dense, one Concatenate: " + m.layers());
        assertSame(a.layer(), m.layers().get(0));
        assertSame(b.layer(), m.layers().get(1));
    }

    /**
     * The residual net of the resnet example, Keras's counts: 5,402 parameters, 5,306 trainable, 96 non-trainable
     * (three BatchNormalization layers on 16 channels, each with 32 moving statistics).
     */
    @Test
    void residualNetCountsAsKeras() {
        SymbolicTensor in = Input.of(32, 32, 3);
        SymbolicTensor x = new Conv2D(16, 3).padding("same").useBias(false).apply(in);
        x = new BatchNormalization().apply(x);
        SymbolicTensor block = new Activation("relu").apply(x);
        x = new Conv2D(16, 3).padding("same").useBias(false).apply(block);
        x = new BatchNormalization().apply(x);
        x = new Activation("relu").apply(x);
        x = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
        x = new BatchNormalization().apply(x);
        x = new Activation("relu").apply(new Add().apply(x, block));
        SymbolicTensor out = new Dense(10).apply(new GlobalAveragePooling2D().apply(x));
        Model m = new Model(in, out);
        String text = m.summaryText();
        assertTrue(text.contains("\nTotal params: 5,402\n"), text);
        assertTrue(text.contains("\nTrainable params: 5,306\n"), text);
        assertTrue(text.contains("\nNon-trainable params: 96\n"), text);
        assertEquals(Shape.of(10), m.outputShape());
    }

    /** Keras 3: a frozen BatchNormalization runs in inference mode, so training leaves its moving statistics alone. */
    @Test
    void frozenBatchNormalizationKeepsItsStatistics() {
        SymbolicTensor in = Input.of(4);
        BatchNormalization bn = new BatchNormalization();
        Model m = new Model(in, new Dense(1).apply(bn.apply(in)));
        bn.trainable(false);
        m.compile("sgd", "mse");
        m.weights(); // builds the model
        float[] mean = bn.weights().get(2).toArray(), variance = bn.weights().get(3).toArray();
        m.fit(ShapedArray.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4), ShapedArray.of(new float[] {1, 0}, 2, 1),
                new FitOptions().epochs(2).verbose(0));
        assertArrayEquals(mean, bn.weights().get(2).toArray());
        assertArrayEquals(variance, bn.weights().get(3).toArray());
    }

    @Test
    void sharedLayerHasOneSetOfWeights() {
        Dense shared = new Dense(5);
        SymbolicTensor a = Input.of(3), b = Input.of(3);
        SymbolicTensor y = new Add().apply(shared.apply(a), shared.apply(b));
        Model m = new Model(List.of(a, b), List.of(y));
        assertEquals(20, m.paramCount(), "3 x 5 + 5, once");
        assertEquals(2, m.params().size());
        assertEquals(2, shared.inboundNodes().size());
        // Both applications compute with the same kernel: equal inputs give twice one application.
        Backend be = Backends.current();
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] twice = m.predict(List.of(ShapedArray.of(x, 1, 3), ShapedArray.of(x, 1, 3)), 1).get(0).data();
        Model single = new Model(a, shared.apply(a));
        float[] once = single.predict(ShapedArray.of(x, 1, 3)).data();
        for (int i = 0; i < 5; i++) assertEquals(2 * once[i], twice[i], 1e-6f);
        assertTrue(be != null);
    }

    @Test
    void sharedLayerNeedsInputsItsWeightsFit() {
        Dense shared = new Dense(5);
        shared.apply(Input.of(3));
        var e = assertThrows(IllegalArgumentException.class, () -> shared.apply(Input.of(4)));
        assertTrue(e.getMessage().contains("'" + shared.name() + "'") && e.getMessage().contains("(None, 3)")
                && e.getMessage().contains("(None, 4)"), e.getMessage());
    }

    @Test
    void modelIsCallableAsALayer() {
        SymbolicTensor innerIn = Input.of(4);
        Model inner = new Model(innerIn, new Dense(2).activation("tanh").apply(new Dense(3).apply(innerIn)));
        SymbolicTensor in = Input.of(4);
        SymbolicTensor y = new Dense(1).apply(inner.apply(in));
        Model outer = new Model(in, y);
        assertEquals((4 * 3 + 3) + (3 * 2 + 2) + (2 + 1), outer.paramCount());
        assertEquals(Shape.of(1), y.shape());
        // The nested model computes what it computes alone.
        float[] x = {0.5f, -1f, 0.25f, 2f};
        float[] alone = inner.predict(ShapedArray.of(x, 1, 4)).data();
        Model head = new Model(in, inner.apply(in));
        assertArrayEquals(alone, head.predict(ShapedArray.of(x, 1, 4)).data());
        assertTrue(outer.summaryText().contains(inner.name() + " (Functional)"), outer.summaryText());
    }

    @Test
    void frozenLayerCountsAsNonTrainableAndDoesNotMove() {
        SymbolicTensor in = Input.of(3);
        Dense frozen = new Dense(4);
        SymbolicTensor y = new Dense(1).apply(frozen.apply(in));
        Model m = new Model(in, y);
        frozen.trainable(false);
        String text = m.summaryText();
        assertTrue(text.contains("Total params: 21\n"), text);
        assertTrue(text.contains("Trainable params: 5\n"), text);
        assertTrue(text.contains("Non-trainable params: 16\n"), text);
        float[] before = frozen.weights().get(0).toArray();
        m.compile("sgd", "mse");
        m.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        m.fit(ShapedArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), ShapedArray.of(new float[] {1, 0}, 2, 1),
                new FitOptions().epochs(2).verbose(0));
        assertArrayEquals(before, frozen.weights().get(0).toArray());
    }

    /** Keras's functional summary: input rows, "Connected to" as layer[node][tensor], one connection a line. */
    @Test
    void summaryHasKerasConnectedToColumn() {
        SymbolicTensor in = Input.of("pixels", 8, 8, 1);
        SymbolicTensor c = new Conv2D(2, 3).padding("same").named("c1").apply(in);
        SymbolicTensor d = new Conv2D(2, 3).padding("same").named("c2").apply(c);
        SymbolicTensor s = new Add().named("sum").apply(c, d);
        Model m = new Model(in, s).named("residual");
        String expected = String.join("\n",
                "Model: \"residual\"",
                "_".repeat(98),
                " Layer (type)                    Output Shape         Param #     Connected to",
                "=".repeat(98),
                " pixels (InputLayer)             (None, 8, 8, 1)      0           -",
                " c1 (Conv2D)                     (None, 8, 8, 2)      20          pixels[0][0]",
                " c2 (Conv2D)                     (None, 8, 8, 2)      38          c1[0][0]",
                " sum (Add)                       (None, 8, 8, 2)      0           c1[0][0],",
                "                                                                  c2[0][0]",
                "=".repeat(98),
                "Total params: 58",
                "Trainable params: 58",
                "Non-trainable params: 0",
                "_".repeat(98), "");
        assertEquals(expected, m.summaryText());
    }

    @Test
    void shapeErrorsNameTheLayersAndShapes() {
        SymbolicTensor in = Input.of(10);
        SymbolicTensor d = new Dense(6).named("features").apply(in);
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).named("conv").apply(d));
        assertTrue(e.getMessage().startsWith("Conv2D 'conv' expects"), e.getMessage());
        assertTrue(e.getMessage().endsWith("but 'features' outputs (None, 6)"), e.getMessage());
        SymbolicTensor other = new Dense(7).named("other").apply(in);
        var merge = assertThrows(IllegalArgumentException.class, () -> new Add().named("plus").apply(d, other));
        assertTrue(merge.getMessage().contains("Add 'plus'") && merge.getMessage().contains("(None, 6), (None, 7)"), merge.getMessage());
    }

    @Test
    void disconnectedGraphIsAnError() {
        SymbolicTensor a = Input.of(3), b = Input.of(3);
        SymbolicTensor y = new Add().apply(a, b);
        var e = assertThrows(IllegalArgumentException.class, () -> new Model(a, y));
        assertTrue(e.getMessage().startsWith("Graph disconnected") && e.getMessage().contains("'" + b.layer().name() + "'"), e.getMessage());
    }

    @Test
    void sequentialIsAModelWithAChainGraph() {
        Sequential s = new Sequential(new Input(5), new Dense(3), new Dense(2));
        Model m = s;
        assertEquals(3, m.layers().size());
        assertEquals((5 * 3 + 3) + (3 * 2 + 2), m.paramCount());
        assertEquals(Shape.of(2), m.outputShape());
        assertTrue(!s.summaryText().contains("Connected to"), "Keras prints no Connected to column for a Sequential");
        Layer dense = s.layers().get(1);
        assertEquals(1, dense.inboundNodes().size());
    }

    @Test
    void callRunsTheGraphOnTensors() {
        SymbolicTensor in = Input.of(2);
        Dense dense = new Dense(1).useBias(false);
        Model m = new Model(in, dense.apply(in));
        Backend be = Backends.current();
        try (Tensor ones = be.fromArray(Shape.of(2, 1), new float[] {1, 1}, 0)) {
            be.copyInto(ones, m.params().get(0));
        }
        try (Tensor x = be.fromArray(Shape.of(2, 2), new float[] {1, 2, 3, 4}, 0)) {
            assertArrayEquals(new float[] {3, 7}, m.call(x, false).toArray());
        }
    }
}
