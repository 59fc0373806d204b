package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras's merge layers: output shapes (broadcasting as Keras), values against the formulas, gradients against finite differences. */
class MergeLayersTest {
    private final Backend be = Backends.current();

    private float[] run(Layer layer, Shape[] shapes, float[][] values) {
        try (Scope s = Scope.open()) {
            Tensor[] in = new Tensor[shapes.length];
            for (int i = 0; i < in.length; i++) in[i] = be.fromArray(shapes[i], values[i], 0);
            return layer.call(Arrays.asList(in), Arrays.asList(new Tensor[in.length]), false).get(0).toArray();
        }
    }

    private void gradients(Supplier<Layer> factory, Shape... shapes) {
        float[][] values = new float[shapes.length][];
        boolean[] all = new boolean[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            values[i] = LayerTests.separated(shapes[i], 20 + i);
            all[i] = true;
        }
        Layer layer = factory.get();
        GradientCheck.check(be, layer.describe() + " " + Arrays.toString(shapes),
                in -> layer.call(Arrays.asList(in), Arrays.asList(new Tensor[in.length]), true).get(0), shapes, values, all);
    }

    @Test
    void elementwiseMergesComputeTheirFormula() {
        Shape s = Shape.of(2, 3);
        float[] a = {1, -2, 3, 4, 5, -6}, b = {0.5f, 2, -1, 4, 7, 1}, c = {1, 1, 1, -1, -1, -1};
        Shape[] two = {s, s}, three = {s, s, s};
        float[][] ab = {a, b}, abc = {a, b, c};
        float[] sum = new float[6], diff = new float[6], prod = new float[6], mean = new float[6], max = new float[6], min = new float[6];
        for (int i = 0; i < 6; i++) {
            sum[i] = a[i] + b[i] + c[i];
            diff[i] = a[i] - b[i];
            prod[i] = a[i] * b[i] * c[i];
            mean[i] = (a[i] + b[i] + c[i]) * (1f / 3);
            max[i] = Math.max(Math.max(a[i], b[i]), c[i]);
            min[i] = Math.min(a[i], b[i]);
        }
        assertArrayEquals(sum, run(new Add(), three, abc));
        assertArrayEquals(diff, run(new Subtract(), two, ab));
        assertArrayEquals(prod, run(new Multiply(), three, abc));
        assertArrayEquals(mean, run(new Average(), three, abc), 1e-6f);
        assertArrayEquals(max, run(new Maximum(), three, abc));
        assertArrayEquals(min, run(new Minimum(), two, ab));
    }

    /** Keras broadcasts (4, 1) against (4, 5) and (5,) against (3, 4, 5); a lower rank gains leading axes. */
    @Test
    void mergeShapesBroadcastAsKeras() {
        assertEquals(List.of(Shape.of(4, 5)), new Add().computeOutputShapes(List.of(Shape.of(4, 1), Shape.of(4, 5))));
        assertEquals(List.of(Shape.of(3, 4, 5)), new Multiply().computeOutputShapes(List.of(Shape.of(5), Shape.of(3, 4, 5))));
        assertEquals(List.of(Shape.of(2, 3, 4)), new Maximum().computeOutputShapes(List.of(Shape.of(2, 1, 4), Shape.of(1, 3, 1))));
        var e = assertThrows(IncompatibleShapeException.class, () -> new Add().named("plus").computeOutputShapes(List.of(Shape.of(4), Shape.of(5))));
        assertTrue(e.getMessage().contains("Add 'plus'") && e.getMessage().contains("(None, 4), (None, 5)"), e.getMessage());
        var sub = assertThrows(IncompatibleShapeException.class, () -> new Subtract().computeOutputShapes(List.of(Shape.of(4))));
        assertTrue(sub.getMessage().contains("exactly 2 inputs"), sub.getMessage());
    }

    /** Squeeze-and-excitation's product: (N, 2, 2, 3) times (N, 1, 1, 3) repeats the second over height and width. */
    @Test
    void broadcastRepeatsAxesOfSizeOne() {
        float[] x = new float[2 * 2 * 2 * 3], w = {1, 2, 3, -1, -2, -3};
        for (int i = 0; i < x.length; i++) x[i] = i;
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = x[i] * w[(i / 12) * 3 + i % 3];
        assertArrayEquals(expected, run(new Multiply(), new Shape[] {Shape.of(2, 2, 2, 3), Shape.of(2, 1, 1, 3)}, new float[][] {x, w}));
        float[] col = {10, 20};
        float[] plus = new float[6];
        for (int i = 0; i < 6; i++) plus[i] = i + col[i / 3];
        assertArrayEquals(plus, run(new Add(), new Shape[] {Shape.of(2, 3), Shape.of(2, 1)}, new float[][] {{0, 1, 2, 3, 4, 5}, col}));
    }

    @Test
    void concatenateJoinsAlongItsAxis() {
        assertEquals(List.of(Shape.of(4, 7)), new Concatenate().computeOutputShapes(List.of(Shape.of(4, 3), Shape.of(4, 4))));
        assertEquals(List.of(Shape.of(9, 3)), new Concatenate(1).computeOutputShapes(List.of(Shape.of(4, 3), Shape.of(5, 3))));
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10};
        // (2, 2) and (2, 3) on the last axis: row by row.
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10},
                run(new Concatenate(), new Shape[] {Shape.of(2, 2), Shape.of(2, 3)}, new float[][] {a, b}));
        // (1, 2, 2) and (1, 3, 2) on axis 1: a's rows, then b's.
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                run(new Concatenate(1), new Shape[] {Shape.of(1, 2, 2), Shape.of(1, 3, 2)}, new float[][] {a, b}));
        var e = assertThrows(IncompatibleShapeException.class, () -> new Concatenate().named("cat").computeOutputShapes(
                List.of(Shape.of(4, 3), Shape.of(5, 3))));
        assertTrue(e.getMessage().contains("Concatenate 'cat'") && e.getMessage().contains("(None, 4, 3), (None, 5, 3)"), e.getMessage());
    }

    @Test
    void mergeGradientsMatchFiniteDifferences() {
        Shape s = Shape.of(2, 3, 2);
        gradients(Add::new, s, s, s);
        gradients(Subtract::new, s, s);
        gradients(Multiply::new, s, s);
        gradients(Average::new, s, s);
        gradients(Maximum::new, s, s);
        gradients(Minimum::new, s, s);
        gradients(Multiply::new, Shape.of(2, 2, 2, 3), Shape.of(2, 1, 1, 3));
        gradients(Add::new, Shape.of(2, 3), Shape.of(2, 1));
        gradients(Add::new, Shape.of(2, 2, 3), Shape.of(2, 3));
        gradients(Concatenate::new, Shape.of(2, 3, 2), Shape.of(2, 3, 1));
        gradients(() -> new Concatenate(1), Shape.of(2, 1, 2), Shape.of(2, 3, 2), Shape.of(2, 2, 2));
    }
}
