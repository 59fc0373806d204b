package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every built-in layer through {@link LayerTests#run}, plus what the routine cannot see. */
class LayersTest {

    @Test
    void dense() throws Exception {
        LayerTests.run(() -> new Dense(3), Shape.of(4), Shape.of(3));
    }

    @Test
    void denseWithoutBiasActsOnTheLastAxisOfImages() throws Exception {
        LayerTests.run(() -> new Dense(2).useBias(false).activation("tanh"), Shape.of(2, 3, 4), Shape.of(2, 3, 2));
    }

    @Test
    void conv2dValid() throws Exception {
        LayerTests.run(() -> new Conv2D(2, 3), Shape.of(5, 4, 2), Shape.of(3, 2, 2));
    }

    @Test
    void conv2dSameStrided() throws Exception {
        LayerTests.run(() -> new Conv2D(3, 2, 3).strides(2).padding("same").kernelInitializer("he_normal"),
                Shape.of(5, 5, 1), Shape.of(3, 3, 3));
    }

    @Test
    void biasAndActivationInInferenceGiveTheBitsOfTheRecordedOps() throws Exception {
        // Under noGrad a layer's bias and activation are one backend op (fused on the CPU for relu);
        // recording, they are addBias then the activation. Both must give the same outputs, to the bit.
        Backend be = Backends.current();
        Layer[] layers = {new Conv2D(20, 5).activation("relu"), new Dense(7).activation("relu"),
                new Dense(7).activation("leaky_relu"), new Dense(7), new Dense(7).activation("softmax")};
        Shape[] inputs = {Shape.of(12, 12, 3), Shape.of(30), Shape.of(30), Shape.of(4, 30), Shape.of(30)};
        for (int i = 0; i < layers.length; i++) {
            layers[i].build(inputs[i]);
            float[] values = new float[Math.toIntExact(inputs[i].size() * 3)];
            java.util.SplittableRandom random = new java.util.SplittableRandom(i);
            for (int j = 0; j < values.length; j++) values[j] = (float) random.nextDouble(-1, 1);
            try (Scope s = Scope.open()) {
                Tensor x = be.fromArray(inputs[i].prepend(3), values, 0);
                float[] recorded = layers[i].call(x, false).toArray();
                float[] fused;
                try (AutoCloseable noGrad = dev.myelin.tensor.Ops.noGrad()) {
                    fused = layers[i].call(x, false).toArray();
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(recorded, fused, layers[i].describe());
            }
        }
    }

    @Test
    void maxPooling() throws Exception {
        LayerTests.run(() -> new MaxPooling2D(2), Shape.of(5, 4, 2), Shape.of(2, 2, 2));
    }

    @Test
    void averagePoolingSame() throws Exception {
        LayerTests.run(() -> new AveragePooling2D(3).strides(2).padding("same"), Shape.of(5, 4, 2), Shape.of(3, 2, 2));
    }

    @Test
    void flatten() throws Exception {
        LayerTests.run(Flatten::new, Shape.of(2, 3, 2), Shape.of(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu", "gelu"})
    void activation(String name) throws Exception {
        LayerTests.run(() -> new Activation(name), Shape.of(5), Shape.of(5));
    }

    @Test
    void dropoutIsTheIdentityWhenNotTraining() throws Exception {
        LayerTests.run(() -> new Dropout(0.5), Shape.of(6), Shape.of(6));
    }

    @Test
    void dropoutWhileTrainingZeroesAboutRateAndScalesTheRest() {
        Backend be = Backends.current();
        Dropout d = new Dropout(0.25);
        d.build(Shape.of(1000));
        float[] ones = new float[4000];
        java.util.Arrays.fill(ones, 1f);
        try (Scope s = Scope.open()) {
            float[] y = d.call(be.fromArray(Shape.of(4, 1000), ones, 0), true).toArray();
            int zeros = 0;
            for (float v : y) {
                if (v == 0f) zeros++;
                else assertEquals(1f / 0.75f, v, 1e-6f, "survivors are scaled by 1/(1-rate)");
            }
            // 4000 Bernoulli(0.25) draws: mean 1000, standard deviation about 27; 5 sigma either side.
            assertTrue(Math.abs(zeros - 1000) < 140, "dropped " + zeros + " of 4000 at rate 0.25");
            float[] again = d.call(be.fromArray(Shape.of(4, 1000), ones, 0), true).toArray();
            assertTrue(!java.util.Arrays.equals(y, again), "each training call draws a new mask");
        }
    }

    @Test
    void namesAreNumberedLikeKeras() {
        String first = new MaxPooling2D(2).name();
        String second = new MaxPooling2D(2).name();
        assertTrue(first.startsWith("max_pooling2d"), first);
        assertTrue(second.matches("max_pooling2d_\\d+"), second);
        assertTrue(!first.equals(second));
        assertEquals("average_pooling2d", Layer.snakeCase("AveragePooling2D"));
        assertEquals("conv2d", Layer.snakeCase("Conv2D"));
    }

    @Test
    void conv2dRejectsRank2InputAtBuild() {
        Conv2D c = new Conv2D(4, 3);
        var e = assertThrows(IncompatibleShapeException.class, () -> c.build(Shape.of(10)));
        assertEquals(c.describe() + " expects input of rank 4 (batch, height, width, channels) but got (None, 10)", e.getMessage());
    }

    @Test
    void validPaddingRejectsImagesSmallerThanTheKernel() {
        Conv2D c = new Conv2D(4, 5);
        var e = assertThrows(IncompatibleShapeException.class, () -> c.build(Shape.of(3, 3, 1)));
        assertTrue(e.getMessage().contains("needs images of at least 5x5 but got (None, 3, 3, 1)"), e.getMessage());
    }

    @Test
    void unknownActivationListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dense(3).activation("swishy"));
        assertTrue(e.getMessage().contains("relu, sigmoid"), e.getMessage());
    }

    @Test
    void paramsAreLaidOutAsTheSpiExpects() {
        Conv2D c = new Conv2D(6, 3, 5);
        c.build(Shape.of(8, 8, 2));
        assertEquals(Shape.of(6, 3, 5, 2), c.params().get(0).shape(), "kernel is OHWI");
        assertEquals(Shape.of(6), c.params().get(1).shape());
        Dense d = new Dense(7);
        d.build(Shape.of(4));
        assertEquals(Shape.of(4, 7), d.params().get(0).shape());
        try (Tensor b = d.params().get(1)) {
            for (float v : b.toArray()) assertEquals(0f, v, "bias starts at zero");
        }
    }
}
