package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SimpleRNN, LSTM and GRU: Keras's parameter counts, the forward against {@link RecurrentReference}
 * (Keras's equations written out), backpropagation through time against finite differences at
 * lengths 1, 2 and 17, masks, reversal, recurrent dropout, states, and the shared layer routine.
 *
 * <p>Forward tolerance 1e-5: float32 against double over a few steps of products of length at most
 * 8 with tanh and sigmoid (within a few ulp each) on values of order one.
 */
class RecurrentLayersTest {
    private static final float TOLERANCE = 1e-5f;

    private static RecurrentLayer<?> layer(RecurrentCell cell, int units) {
        return switch (cell) {
            case SIMPLE_RNN -> new SimpleRNN(units);
            case LSTM -> new LSTM(units);
            case GRU -> new GRU(units);
        };
    }

    @Test
    void parameterCountsAreKeras() {
        assertEquals(5_248, count(new LSTM(32), 10, 8));
        assertEquals(4_032, count(new GRU(32), 10, 8));
        assertEquals(1_312, count(new SimpleRNN(32), 10, 8));
        assertEquals(3_936, count(new GRU(32).resetAfter(false), 10, 8));
        Embedding e = new Embedding(10_000, 64);
        e.build(Shape.of(20));
        assertEquals(640_000, e.paramCount());
        Sequential model = new Sequential(new Input(50), new Embedding(1000, 16), new LSTM(32), new Dense(1).activation("sigmoid"));
        assertEquals(22_305, model.params().stream().mapToLong(Tensor::size).sum());
        assertEquals(List.of(Shape.of(50, 16), Shape.of(32), Shape.of(1)),
                model.layers().stream().filter(l -> !(l instanceof Input)).map(Layer::outputShape).toList());
    }

    private static long count(Layer l, int steps, int features) {
        l.build(Shape.of(steps, features));
        return l.paramCount();
    }

    /** Sets a built layer's parameters to seeded values in [-0.5, 0.5) and returns them. */
    private static float[][] randomize(Layer l, long seed) {
        Backend be = Backends.current();
        float[][] values = new float[l.params().size()][];
        for (int i = 0; i < values.length; i++) {
            Tensor p = l.params().get(i);
            values[i] = GradientCheck.random(p.shape(), seed + i);
            for (int j = 0; j < values[i].length; j++) values[i][j] *= 0.5f;
            try (Tensor src = be.fromArray(p.shape(), values[i], 0)) {
                be.copyInto(src, p);
            }
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void forwardMatchesKerasEquationsWithMasksAndReversal(RecurrentCell cell) {
        Backend be = Backends.current();
        int n = 3, steps = 5, f = 4, units = 3;
        float[] x = GradientCheck.random(Shape.of(n, steps, f), 21);
        float[] mask = {1, 1, 1, 1, 1, /**/ 1, 0, 1, 0, 0, /**/ 0, 1, 1, 1, 1};
        for (boolean reverse : new boolean[] {false, true}) {
            for (float[] m : new float[][] {null, mask}) {
                RecurrentLayer<?> l = layer(cell, units).returnSequences(true).goBackwards(reverse);
                l.build(Shape.of(steps, f));
                float[][] w = randomize(l, 5);
                float[][] want = RecurrentReference.run(cell, x, n, steps, f, units, w[0], w[1], w[2], reverse, m);
                try (Scope s = Scope.open()) {
                    List<Tensor> got = l.callWithStates(be.fromArray(Shape.of(n, steps, f), x, 0),
                            m == null ? null : be.fromArray(Shape.of(n, steps), m, 0), null, false);
                    String what = cell + " reverse=" + reverse + " mask=" + (m != null);
                    assertArrayEquals(want[0], got.get(0).toArray(), TOLERANCE, what + ": sequence");
                    assertArrayEquals(want[1], got.get(1).toArray(), TOLERANCE, what + ": final h");
                    if (cell == RecurrentCell.LSTM) assertArrayEquals(want[2], got.get(2).toArray(), TOLERANCE, what + ": final c");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void lastOutputIsTheLastStepOfTheSequence(RecurrentCell cell) {
        Backend be = Backends.current();
        RecurrentLayer<?> seq = layer(cell, 4).returnSequences(true);
        seq.build(Shape.of(6, 3));
        float[][] w = randomize(seq, 9);
        float[] x = GradientCheck.random(Shape.of(2, 6, 3), 4);
        float[][] want = RecurrentReference.run(cell, x, 2, 6, 3, 4, w[0], w[1], w[2], false, null);
        RecurrentLayer<?> last = layer(cell, 4);
        last.build(Shape.of(6, 3));
        randomize(last, 9);
        try (Scope s = Scope.open()) {
            Tensor y = last.call(be.fromArray(Shape.of(2, 6, 3), x, 0), false);
            assertEquals(Shape.of(2, 4), y.shape());
            assertArrayEquals(want[1], y.toArray(), TOLERANCE);
        }
    }

    /** Backpropagation through time of the fused op against finite differences, every differentiable input. */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void backpropagationThroughTimeMatchesFiniteDifferences(RecurrentCell cell) {
        for (int steps : new int[] {1, 2, 17}) checkFusedOp(cell, steps, false, false, false);
        checkFusedOp(cell, 5, true, true, true);
    }

    private static void checkFusedOp(RecurrentCell cell, int steps, boolean reverse, boolean masked, boolean recurrentDropout) {
        Backend be = Backends.current();
        int n = 2, units = 3, p = cell.gates() * units;
        RecurrentGeometry g = new RecurrentGeometry(cell, n, steps, units, GateActivation.TANH, GateActivation.SIGMOID, reverse);
        boolean gru = cell == RecurrentCell.GRU, lstm = cell == RecurrentCell.LSTM;
        float[] mask = new float[n * steps];
        java.util.Arrays.fill(mask, 1f);
        if (masked) { mask[1] = 0f; mask[steps + 3] = 0f; mask[steps + 4] = 0f; }
        float[] keep = {2f, 0f, 2f, 2f, 2f, 0f};
        Shape[] shapes = {Shape.of(n, steps, p), Shape.of(units, p), Shape.of(p), Shape.of(n, units), Shape.of(n, units)};
        float[][] values = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) values[i] = GradientCheck.random(shapes[i], 30 + i);
        boolean[] differentiate = {true, true, gru, true, lstm};
        // The h entries, and for LSTM the c entries too (a returned state), of every step.
        Function<Tensor[], Tensor> f = in -> SequenceOps.slice(SequenceOps.recurrent(g, in[0], in[1], gru ? in[2] : null, in[3],
                lstm ? in[4] : null, masked ? be.fromArray(Shape.of(n, steps), mask, 0) : null,
                recurrentDropout ? be.fromArray(Shape.of(n, units), keep, 0) : null), 2, 0, lstm ? 2 * units : units);
        GradientCheck.check(be, cell + " through " + steps + " steps" + (masked ? ", masked, reversed, recurrent dropout" : ""), f,
                shapes, values, differentiate);
    }

    @Test
    void maskedStepsCarryTheStateAndOutput() {
        Backend be = Backends.current();
        LSTM l = new LSTM(2).returnSequences(true);
        l.build(Shape.of(4, 3));
        float[] x = GradientCheck.random(Shape.of(1, 4, 3), 3);
        try (Scope s = Scope.open()) {
            float[] y = l.callWithStates(be.fromArray(Shape.of(1, 4, 3), x, 0), be.fromArray(Shape.of(1, 4), new float[] {1, 0, 0, 1}, 0),
                    null, false).get(0).toArray();
            assertEquals(y[0], y[2]);
            assertEquals(y[1], y[3]);
            assertEquals(y[0], y[4]);
            assertFalse(y[0] == y[6]);
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void statefulLayerCarriesStatesAcrossBatches(RecurrentCell cell) {
        Backend be = Backends.current();
        RecurrentLayer<?> whole = layer(cell, 3);
        whole.build(Shape.of(6, 2));
        randomize(whole, 3);
        RecurrentLayer<?> halves = layer(cell, 3).stateful(true);
        halves.build(Shape.of(3, 2));
        randomize(halves, 3);
        float[] x = GradientCheck.random(Shape.of(1, 6, 2), 8);
        try (Scope s = Scope.open()) {
            float[] want = whole.call(be.fromArray(Shape.of(1, 6, 2), x, 0), false).toArray();
            halves.call(be.fromArray(Shape.of(1, 3, 2), x, 0), false);
            float[] got = halves.call(be.fromArray(Shape.of(1, 3, 2), x, 6), false).toArray();
            assertArrayEquals(want, got, TOLERANCE);
            halves.resetStates();
            float[] fresh = halves.call(be.fromArray(Shape.of(1, 3, 2), x, 6), false).toArray();
            assertFalse(java.util.Arrays.equals(got, fresh), "resetStates starts from zeros again");
        }
    }

    @Test
    void dropoutOnlyWhileTrainingAndGradientsStillFlow() {
        Backend be = Backends.current();
        GRU l = new GRU(3).dropout(0.5).recurrentDropout(0.5);
        l.build(Shape.of(4, 5));
        float[] x = GradientCheck.random(Shape.of(2, 4, 5), 2);
        try (Scope s = Scope.open()) {
            float[] inference = l.call(be.fromArray(Shape.of(2, 4, 5), x, 0), false).toArray();
            Tensor trained = l.call(be.fromArray(Shape.of(2, 4, 5), x, 0), true);
            assertFalse(java.util.Arrays.equals(inference, trained.toArray()));
            dev.myelin.tensor.Ops.sum(trained).backward();
            for (Tensor p : l.params()) assertEquals(p.shape(), p.grad().shape());
        } finally {
            for (Tensor p : l.params()) p.setGrad(null);
        }
    }

    @Test
    void layerRoutine() throws Exception {
        LayerTests.run(() -> new SimpleRNN(3), Shape.of(3, 2), Shape.of(3));
        LayerTests.run(() -> new LSTM(2).returnSequences(true).goBackwards(true), Shape.of(3, 2), Shape.of(3, 2));
        LayerTests.run(() -> new GRU(2).returnSequences(true), Shape.of(4, 2), Shape.of(4, 2));
        LayerTests.run(() -> new GRU(2).useBias(false).goBackwards(true), Shape.of(3, 2), Shape.of(2));
        LayerTests.run(() -> new LSTM(2).unitForgetBias(false).recurrentActivation("hard_sigmoid").dropout(0.2).recurrentDropout(0.3),
                Shape.of(2, 3), Shape.of(2));
    }

    @Test
    void errorsNameTheLayerAndShapes() {
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> new LSTM(4).build(Shape.of(8)));
        assertEquals(true, e.getMessage().contains("LSTM 'lstm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GRU(4).activation("softmax"));
        assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(4).dropout(1.0));
    }

    @Test
    void lstmForgetBiasStartsAtOne() {
        LSTM l = new LSTM(2);
        l.build(Shape.of(3, 2));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, l.params().get(2).toArray());
    }

    @Test
    void bidirectionalCountsAndMergesAsKeras() throws Exception {
        Bidirectional counted = new Bidirectional(new LSTM(16));
        assertEquals(Shape.of(32), counted.build(Shape.of(10, 8)));
        assertEquals(3_200, counted.paramCount());
        assertEquals("forward_" + "lstm", counted.forwardLayer().name().replaceAll("_\\d+$", ""));

        Backend be = Backends.current();
        int n = 2, steps = 4, f = 3, units = 2;
        float[] x = GradientCheck.random(Shape.of(n, steps, f), 12);
        for (String mode : new String[] {"concat", "sum", "mul", "ave"}) {
            Bidirectional b = new Bidirectional(new GRU(units).returnSequences(true)).mergeMode(mode);
            b.build(Shape.of(steps, f));
            float[][] wf = randomize(b.forwardLayer(), 1), wb = randomize(b.backwardLayer(), 2);
            float[] yf = RecurrentReference.run(RecurrentCell.GRU, x, n, steps, f, units, wf[0], wf[1], wf[2], false, null)[0];
            float[] yb = RecurrentReference.run(RecurrentCell.GRU, x, n, steps, f, units, wb[0], wb[1], wb[2], true, null)[0];
            int width = mode.equals("concat") ? 2 * units : units;
            float[] want = new float[n * steps * width];
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < units; j++) {
                        float a = yf[(i * steps + t) * units + j], c = yb[(i * steps + steps - 1 - t) * units + j];
                        int at = (i * steps + t) * width;
                        switch (mode) {
                            case "concat" -> { want[at + j] = a; want[at + units + j] = c; }
                            case "sum" -> want[at + j] = a + c;
                            case "mul" -> want[at + j] = a * c;
                            default -> want[at + j] = (a + c) / 2;
                        }
                    }
                }
            }
            try (Scope s = Scope.open()) {
                assertArrayEquals(want, b.call(be.fromArray(Shape.of(n, steps, f), x, 0), false).toArray(), TOLERANCE, mode);
            }
        }
        LayerTests.run(() -> new Bidirectional(new LSTM(2).returnSequences(true)), Shape.of(3, 2), Shape.of(3, 4));
        LayerTests.run(() -> new Bidirectional(new SimpleRNN(2)).mergeMode("ave"), Shape.of(3, 2), Shape.of(2));
    }

    /** Keras's reset_after=False GRU, composed step by step: forward against the equations, gradients against finite differences. */
    @Test
    void gruWithTheResetGateBeforeTheRecurrentProduct() throws Exception {
        Backend be = Backends.current();
        int n = 3, steps = 5, f = 4, units = 3;
        float[] x = GradientCheck.random(Shape.of(n, steps, f), 21);
        float[] mask = {1, 1, 1, 1, 1, /**/ 1, 0, 1, 0, 0, /**/ 0, 1, 1, 1, 1};
        for (boolean reverse : new boolean[] {false, true}) {
            GRU l = new GRU(units).resetAfter(false).returnSequences(true).goBackwards(reverse);
            l.build(Shape.of(steps, f));
            assertEquals(Shape.of(3 * units), l.params().get(2).shape());
            float[][] w = randomize(l, 5);
            float[][] want = RecurrentReference.run(RecurrentCell.GRU, false, x, n, steps, f, units, w[0], w[1], w[2], reverse, mask);
            try (Scope s = Scope.open()) {
                List<Tensor> got = l.callWithStates(be.fromArray(Shape.of(n, steps, f), x, 0), be.fromArray(Shape.of(n, steps), mask, 0),
                        null, false);
                assertArrayEquals(want[0], got.get(0).toArray(), TOLERANCE, "reverse=" + reverse + ": sequence");
                assertArrayEquals(want[1], got.get(1).toArray(), TOLERANCE, "reverse=" + reverse + ": final h");
            }
        }
        LayerTests.run(() -> new GRU(2).resetAfter(false).returnSequences(true), Shape.of(3, 2), Shape.of(3, 2));
        LayerTests.run(() -> new GRU(2).resetAfter(false).goBackwards(true).recurrentDropout(0.3), Shape.of(3, 2), Shape.of(2));
        assertEquals(false, ((GRU) LayerRegistry.fromConfig("GRU", new GRU(2).resetAfter(false).config())).resetAfter());
    }
}
