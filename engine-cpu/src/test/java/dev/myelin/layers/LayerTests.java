package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keras's {@code run_layer_test} idea: one routine every layer passes through. It builds the layer,
 * checks the inferred output shape and the shape the backend actually produces, checks the gradients
 * of the input and of every parameter against central finite differences (in inference mode, and
 * also in training mode when asked), and round-trips the layer through its config and through a
 * saved model file.
 */
public final class LayerTests {
    private LayerTests() {}

    /**
     * @param factory             makes a fresh layer each time (for the round trips)
     * @param sampleShape         input sample shape (no batch axis)
     * @param expectedOutputShape expected output sample shape, from Keras's formula
     */
    public static void run(Supplier<Layer> factory, Shape sampleShape, Shape expectedOutputShape) throws Exception {
        run(factory, sampleShape, expectedOutputShape, false);
    }

    /**
     * As {@link #run(Supplier, Shape, Shape)}; with {@code trainingMode} the gradients are also checked
     * with the layer in training mode, for layers whose training output is a deterministic function
     * of the batch (BatchNormalization's batch statistics; not Dropout's fresh masks).
     */
    public static void run(Supplier<Layer> factory, Shape sampleShape, Shape expectedOutputShape, boolean trainingMode)
            throws Exception {
        Backend be = Backends.current();
        int batch = 2;
        Layer layer = factory.get();
        Shape out = layer.build(sampleShape);
        assertEquals(expectedOutputShape, out, layer.describe() + ": inferred output shape");

        Shape inShape = sampleShape.prepend(batch);
        float[] x = separated(inShape, 11);
        try (Scope s = Scope.open()) {
            Tensor y = layer.call(be.fromArray(inShape, x, 0), false);
            assertEquals(expectedOutputShape.prepend(batch), y.shape(), layer.describe() + ": output shape computed by the backend");
        }

        checkGradients(layer, inShape, x, false);
        if (trainingMode) checkGradients(layer, inShape, x, true);

        Layer copy = LayerRegistry.fromConfig(layer.typeName(), layer.config());
        assertEquals(layer.config(), copy.config(), layer.describe() + ": config round trip");
        saveLoadRoundTrip(factory, sampleShape, inShape, x);
    }

    /** The input values {@link #run(Supplier, Shape, Shape, long, UnaryOperator)} feeds a layer: a batch of 2 samples. */
    public static float[] input(Shape sampleShape) {
        return separated(sampleShape.prepend(2), 11);
    }

    /**
     * Everything {@link #run(Supplier, Shape, Shape)} checks, and also: the parameter count (trainable
     * and not, as Keras's summary counts it), the forward pass in inference mode against
     * {@code reference} (the layer's formula written out in the test, applied to {@link #input} as a
     * row-major batch of 2), and that training mode computes the same as inference (for layers that
     * behave the same in both; augmentation and dropout are tested on their own).
     * Forward tolerance: 1e-5 relative + 1e-6 absolute, a few float32 roundings on O(1) values.
     */
    public static void run(Supplier<Layer> factory, Shape sampleShape, Shape expectedOutputShape, long expectedParams,
                           UnaryOperator<float[]> reference) throws Exception {
        Backend be = Backends.current();
        Layer layer = factory.get();
        layer.build(sampleShape);
        assertEquals(expectedParams, layer.paramCount(), layer.describe() + ": parameter count");
        float[] x = input(sampleShape);
        float[] expected = reference.apply(x.clone());
        try (Scope s = Scope.open()) {
            Shape inShape = sampleShape.prepend(2);
            float[] inference = layer.call(be.fromArray(inShape, x, 0), false).toArray();
            assertEquals(expected.length, inference.length, layer.describe() + ": output size");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], inference[i], 1e-6 + 1e-5 * Math.abs(expected[i]),
                        layer.describe() + ": output " + i + " against the reference formula");
            }
            float[] training = layer.call(be.fromArray(inShape, x, 0), true).toArray();
            assertArrayEquals(inference, training, layer.describe() + ": training mode must compute what inference does");
        }
        run(factory, sampleShape, expectedOutputShape);
    }

    /**
     * Gradients of the input and of every parameter against finite differences, with the layer in
     * training ({@code training} true: batch statistics, dropout masks) or inference mode.
     */
    public static void checkGradients(Layer layer, Shape inShape, float[] x, boolean training) {
        Backend be = Backends.current();
        String mode = training ? " in training" : "";
        GradientCheck.check(be, layer.describe() + " (input" + mode + ")", in -> layer.call(in[0], training),
                new Shape[] {inShape}, new float[][] {x}, new boolean[] {true});
        for (Tensor p : layer.params()) p.setGrad(null); // that backward also reached the parameters; its scope is gone
        checkParamGradients(be, layer, inShape, x, training);
    }

    /**
     * Distinct values, evenly spaced (0.025 to 0.05 apart), half a spacing away from zero, in random
     * order: finite differences with step 0.01 never cross a kink (relu at 0, a max-pooling tie).
     */
    public static float[] separated(Shape shape, long seed) {
        int n = shape.sizeAsInt();
        double spacing = Math.max(0.025, Math.min(0.05, 2.0 / n));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((i - n / 2) * spacing + spacing / 2);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    /** d(sum(f(x) * R))/dp by autograd vs central differences, perturbing each parameter value in place. */
    private static void checkParamGradients(Backend be, Layer layer, Shape inShape, float[] x, boolean training) {
        List<Tensor> params = layer.params();
        if (params.isEmpty()) return;
        float[] projection;
        float[][] analytic = new float[params.size()][];
        try (Scope s = Scope.open()) {
            Tensor y = layer.call(be.fromArray(inShape, x, 0), training);
            projection = GradientCheck.random(y.shape(), 7);
            Ops.sum(Ops.mul(y, be.fromArray(y.shape(), projection, 0))).backward();
            for (int i = 0; i < params.size(); i++) {
                assertNotNull(params.get(i).grad(), layer.describe() + ": no gradient reached parameter " + i);
                analytic[i] = params.get(i).grad().toArray();
            }
        } finally {
            for (Tensor p : params) p.setGrad(null);
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] values = p.toArray();
            for (int j = 0; j < values.length; j++) {
                float saved = values[j];
                values[j] = (float) (saved + GradientCheck.STEP);
                double plus = projected(be, layer, p, values, inShape, x, projection, training);
                values[j] = (float) (saved - GradientCheck.STEP);
                double minus = projected(be, layer, p, values, inShape, x, projection, training);
                values[j] = saved;
                set(be, p, values);
                double numeric = (plus - minus) / (2 * GradientCheck.STEP);
                double got = analytic[i][j];
                double allowed = GradientCheck.ABSOLUTE + GradientCheck.RELATIVE * Math.max(Math.abs(numeric), Math.abs(got));
                if (Math.abs(numeric - got) > allowed) {
                    fail(layer.describe() + ": gradient of parameter " + i + " " + p.shape() + " at element " + j + ": autograd "
                            + got + ", finite difference " + numeric);
                }
            }
        }
    }

    private static double projected(Backend be, Layer layer, Tensor p, float[] values, Shape inShape, float[] x, float[] projection,
                                    boolean training) {
        set(be, p, values);
        try (Scope s = Scope.open(); AutoCloseable ng = Ops.noGrad()) {
            float[] y = layer.call(be.fromArray(inShape, x, 0), training).toArray();
            double sum = 0;
            for (int k = 0; k < y.length; k++) sum += (double) y[k] * projection[k];
            return sum;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void set(Backend be, Tensor p, float[] values) {
        try (Tensor src = be.fromArray(p.shape(), values, 0)) {
            be.copyInto(src, p);
        }
    }

    private static void saveLoadRoundTrip(Supplier<Layer> factory, Shape sampleShape, Shape inShape, float[] x) throws Exception {
        Sequential model = new Sequential(new Input(sampleShape.toArray()), factory.get()).seed(5);
        Path dir = Files.createTempDirectory("layer-test");
        try {
            Path file = dir.resolve("model.myelin");
            float[] before = model.predict(x, sampleShape, 2);
            model.save(file);
            Sequential loaded = Sequential.load(file);
            assertEquals(model.layers().get(1).config(), loaded.layers().get(1).config(), "config after save/load");
            assertArrayEquals(before, loaded.predict(x, sampleShape, 2), "predict after save/load must be bit-identical");
            Files.delete(file);
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
