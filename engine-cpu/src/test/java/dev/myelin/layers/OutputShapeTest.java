package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Output shapes of Conv2D and both poolings against Keras's formulas (valid: {@code floor((in - k) / s) + 1};
 * same: {@code ceil(in / s)}), at odd sizes, for strides 1, 2 and 3, both as inferred at build and as
 * produced by the backend.
 */
class OutputShapeTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String padding : List.of("valid", "same")) {
            for (int stride : new int[] {1, 2, 3}) {
                for (int[] hwk : new int[][] {{7, 5, 3}, {9, 11, 2}, {5, 5, 5}, {13, 6, 4}}) {
                    list.add(Arguments.of(padding, stride, hwk[0], hwk[1], hwk[2]));
                }
            }
        }
        return list.stream();
    }

    static int keras(String padding, int in, int k, int s) {
        return padding.equals("valid") ? Math.floorDiv(in - k, s) + 1 : (int) Math.ceil(in / (double) s);
    }

    @ParameterizedTest(name = "{0} stride {1} input {2}x{3} window {4}")
    @MethodSource("cases")
    void matchesKeras(String padding, int stride, int h, int w, int k) {
        Shape in = Shape.of(h, w, 3);
        int oh = keras(padding, h, k, stride), ow = keras(padding, w, k, stride);
        check(() -> new Conv2D(4, k).strides(stride).padding(padding), in, Shape.of(oh, ow, 4));
        check(() -> new MaxPooling2D(k).strides(stride).padding(padding), in, Shape.of(oh, ow, 3));
        check(() -> new AveragePooling2D(k).strides(stride).padding(padding), in, Shape.of(oh, ow, 3));
    }

    @ParameterizedTest(name = "pool {0} on {1}")
    @MethodSource("poolDefaults")
    void poolingStridesDefaultToThePoolSize(int pool, int size) {
        int out = (size - pool) / pool + 1;
        check(() -> new MaxPooling2D(pool), Shape.of(size, size, 1), Shape.of(out, out, 1));
    }

    static Stream<Arguments> poolDefaults() {
        return Stream.of(Arguments.of(2, 7), Arguments.of(3, 11), Arguments.of(2, 24));
    }

    private static void check(Supplier<Layer> factory, Shape in, Shape expected) {
        Layer layer = factory.get();
        assertEquals(expected, layer.build(in), layer.describe() + " inferred for " + in);
        Backend be = Backends.current();
        try (Scope s = Scope.open()) {
            assertEquals(expected.prepend(1), layer.call(be.zeros(in.prepend(1)), false).shape(), layer.describe() + " computed for " + in);
        }
    }
}
