package dev.myelin.layers;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activations by name (in {@code Activation} and wherever {@code activation("...")} is taken)
 * and the activation layers ReLU, LeakyReLU, ELU and Softmax, against Keras 3's formulas written
 * out here.
 */
class ActivationLayersTest {

    private static float[] map(float[] x, DoubleUnaryOperator f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) f.applyAsDouble(x[i]);
        return y;
    }

    private static DoubleUnaryOperator formula(String name) {
        double selu = 1.0507009873554805, seluAlpha = 1.6732632423543772;
        return switch (name) {
            case "selu" -> x -> x > 0 ? selu * x : selu * seluAlpha * (Math.exp(x) - 1);
            case "silu", "swish" -> x -> x / (1 + Math.exp(-x));
            case "softplus" -> x -> Math.log(1 + Math.exp(x));
            case "softsign" -> x -> x / (1 + Math.abs(x));
            case "hard_sigmoid" -> x -> Math.max(0, Math.min(6, x + 3)) / 6;
            case "exponential" -> Math::exp;
            case "mish" -> x -> x * Math.tanh(Math.log(1 + Math.exp(x)));
            case "gelu_tanh" -> x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case "gaussian" -> x -> Math.exp(-x * x);
            case "relu6" -> x -> Math.min(6, Math.max(0, x));
            case "log_sigmoid" -> x -> Math.log(1 / (1 + Math.exp(-x)));
            case "hard_silu", "hard_swish" -> x -> x * Math.max(0, Math.min(6, x + 3)) / 6;
            case "leaky_relu" -> x -> x >= 0 ? x : 0.2 * x;
            case "elu" -> x -> x > 0 ? x : Math.exp(x) - 1;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"selu", "silu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "mish", "gelu_tanh",
            "gaussian", "relu6", "leaky_relu", "elu", "log_sigmoid", "hard_silu", "hard_swish"})
    void activationByName(String name) throws Exception {
        LayerTests.run(() -> new Activation(name), Shape.of(7), Shape.of(7), 0, x -> map(x, formula(name)));
    }

    @Test
    void reluSixOnLargeValuesAndSwishIsSilu() throws Exception {
        LayerTests.run(() -> new Dense(3).activation("swish"), Shape.of(4), Shape.of(3));
        assertEquals("silu", new Activation("swish").activation());
        assertEquals("silu", new Dense(2).activation("swish").config().get("activation").getAsString());
        assertEquals("hard_sigmoid", new Conv2D(2, 3).activation("hard_sigmoid").config().get("activation").getAsString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("swishy"));
        assertTrue(e.getMessage().contains("gaussian"), e.getMessage());
    }

    @Test
    void logSoftmaxByName() throws Exception {
        LayerTests.run(() -> new Activation("log_softmax"), Shape.of(4), Shape.of(4), 0, x -> {
            float[] y = new float[x.length];
            for (int r = 0; r < 2; r++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += Math.exp(x[r * 4 + j]);
                for (int j = 0; j < 4; j++) y[r * 4 + j] = (float) (x[r * 4 + j] - Math.log(sum));
            }
            return y;
        });
    }

    @Test
    void reluLayerDefaultIsPlainRelu() throws Exception {
        LayerTests.run(ReLU::new, Shape.of(6), Shape.of(6), 0, x -> map(x, v -> Math.max(v, 0)));
    }

    /** Keras 3's relu(x, negative_slope, max_value, threshold), case by case. */
    private static DoubleUnaryOperator kerasRelu(double slope, Double max, double threshold) {
        return x -> {
            double y = x > threshold ? x : 0;
            if (max != null) y = Math.min(y, max);
            return y - slope * Math.max(threshold - x, 0);
        };
    }

    @Test
    void reluLayerWithMaxValueSlopeAndThreshold() throws Exception {
        // Inputs are +-0.025, +-0.075, ... +-0.325 (14 values): the thresholds and caps fall more than a finite-difference step from them.
        LayerTests.run(() -> new ReLU().maxValue(0.11), Shape.of(7), Shape.of(7), 0, x -> map(x, kerasRelu(0, 0.11, 0)));
        LayerTests.run(() -> new ReLU().negativeSlope(0.1), Shape.of(7), Shape.of(7), 0, x -> map(x, kerasRelu(0.1, null, 0)));
        LayerTests.run(() -> new ReLU().threshold(0.06), Shape.of(7), Shape.of(7), 0, x -> map(x, kerasRelu(0, null, 0.06)));
        LayerTests.run(() -> new ReLU().maxValue(0.14).negativeSlope(0.5).threshold(0.04), Shape.of(7), Shape.of(7), 0,
                x -> map(x, kerasRelu(0.5, 0.14, 0.04)));
        assertThrows(IllegalArgumentException.class, () -> new ReLU().maxValue(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReLU().threshold(-1));
    }

    @Test
    void leakyReluDefaultsToKeras3Slope() throws Exception {
        LayerTests.run(LeakyReLU::new, Shape.of(6), Shape.of(6), 0, x -> map(x, v -> v >= 0 ? v : 0.3 * v));
        LayerTests.run(() -> new LeakyReLU().alpha(0.1), Shape.of(6), Shape.of(6), 0, x -> map(x, v -> v >= 0 ? v : 0.1 * v));
        assertEquals(0.3f, new LeakyReLU().config().get("negative_slope").getAsFloat());
        assertEquals(0.05f, ((LeakyReLU) LayerRegistry.fromConfig("LeakyReLU", parse("{\"name\":\"l\",\"alpha\":0.05}"))).negativeSlope());
    }

    private static com.google.gson.JsonObject parse(String json) {
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void eluLayer() throws Exception {
        LayerTests.run(ELU::new, Shape.of(6), Shape.of(6), 0, x -> map(x, v -> v > 0 ? v : Math.exp(v) - 1));
        LayerTests.run(() -> new ELU(0.5), Shape.of(6), Shape.of(6), 0, x -> map(x, v -> v > 0 ? v : 0.5 * (Math.exp(v) - 1)));
    }

    /** Softmax of (2, 3, 4) samples over batched axis {@code axis} (1, 2 or 3). */
    private static float[] softmax(float[] x, int axis) {
        int[] dims = {2, 2, 3, 4};
        int[] strides = {24, 12, 4, 1};
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int pos = (i / strides[axis]) % dims[axis], start = i - pos * strides[axis];
            double sum = 0;
            for (int k = 0; k < dims[axis]; k++) sum += Math.exp(x[start + k * strides[axis]]);
            y[i] = (float) (Math.exp(x[i]) / sum);
        }
        return y;
    }

    @Test
    void softmaxOverAnyAxis() throws Exception {
        LayerTests.run(Softmax::new, Shape.of(2, 3, 4), Shape.of(2, 3, 4), 0, x -> softmax(x, 3));
        LayerTests.run(() -> new Softmax(1), Shape.of(2, 3, 4), Shape.of(2, 3, 4), 0, x -> softmax(x, 1));
        LayerTests.run(() -> new Softmax(-2), Shape.of(2, 3, 4), Shape.of(2, 3, 4), 0, x -> softmax(x, 2));
        assertThrows(IncompatibleShapeException.class, () -> new Softmax(4).build(Shape.of(2, 3, 4)));
    }
}
