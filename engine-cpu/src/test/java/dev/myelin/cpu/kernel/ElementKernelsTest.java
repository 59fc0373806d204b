package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both implementations of {@link ElementKernels} against loops written from the definitions, exactly
 * (no arithmetic but one addition per element, the same in both). Values are drawn from a few quarters, so ties
 * and zeros are common, plus -0.0 and NaN, where a careless mask would differ.
 */
class ElementKernelsTest {
    private static final int[] SIZES = {0, 1, 3, 7, 8, 9, 13, 17, 63, 65, 1000};

    private static ElementKernels kernels(String name) {
        if (name.equals("scalar")) return new ElementKernels.Scalar();
        ElementKernels vector = Vectorization.vectorOrNull(ElementKernels.class);
        Assumptions.assumeTrue(vector != null, "Vector API not usable in this JVM; the vector kernels are not tested here");
        return vector;
    }

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            v[i] = pick == 0 ? -0f : pick == 1 ? Float.NaN : (r.nextInt(9) - 4) / 4f;
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void reluBackwardPassesOnlyPositiveInputs(String name) {
        ElementKernels kernels = kernels(name);
        for (int n : SIZES) {
            for (int from : new int[] {0, 1, 5}) {
                if (from > n) continue;
                float[] x = values(n, n), dy = values(n, n + 1);
                float[] dx = new float[n], expected = new float[n];
                java.util.Arrays.fill(dx, 42f);
                java.util.Arrays.fill(expected, 42f);
                for (int i = from; i < n; i++) expected[i] = x[i] > 0 ? dy[i] : 0f;
                kernels.reluBackward(x, dy, dx, from, n);
                assertArrayEquals(expected, dx, name + " n=" + n + " from=" + from);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void maxOverWindowFollowsMathMax(String name) {
        ElementKernels kernels = kernels(name);
        SplittableRandom r = new SplittableRandom(3);
        for (int c : new int[] {1, 3, 8, 9, 16, 17, 20, 50}) {
            for (int count : new int[] {0, 1, 2, 4, 9}) {
                int pixelsInImage = 12;
                float[] x = values(pixelsInImage * c, c * 17L + count); // with -0.0, ties and NaN
                int[] pixels = new int[Math.max(1, count)];
                for (int q = 0; q < count; q++) pixels[q] = r.nextInt(pixelsInImage) * c;
                float[] y = new float[c + 5], expected = new float[c + 5];
                java.util.Arrays.fill(y, 7f);
                java.util.Arrays.fill(expected, 7f);
                for (int j = 0; j < c; j++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int q = 0; q < count; q++) m = Math.max(m, x[pixels[q] + j]);
                    expected[2 + j] = m;
                }
                kernels.maxOverWindow(x, y, 2, pixels, count, c);
                assertArrayEquals(expected, y, name + " c=" + c + " count=" + count);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void routeToFirstMaxSendsEachChannelsGradientToItsFirstMaximum(String name) {
        ElementKernels kernels = kernels(name);
        SplittableRandom r = new SplittableRandom(7);
        for (int c : new int[] {1, 3, 8, 9, 16, 17, 20, 50}) {
            for (int count : new int[] {1, 2, 4, 9}) {
                int pixelsInImage = 12;
                float[] x = values(pixelsInImage * c, c * 31L + count);
                for (int i = 0; i < x.length; i++) if (Float.isNaN(x[i])) x[i] = 0.25f; // pooling inputs are finite
                int[] pixels = new int[count];
                for (int q = 0; q < count; q++) pixels[q] = r.nextInt(pixelsInImage) * c; // may repeat, like overlapping windows
                float[] y = new float[c], dy = new float[c];
                for (int j = 0; j < c; j++) {
                    y[j] = Float.NEGATIVE_INFINITY;
                    for (int q = 0; q < count; q++) y[j] = Math.max(y[j], x[pixels[q] + j]);
                    dy[j] = 1 + r.nextInt(100);
                }
                float[] dx = values(x.length, 99), expected = dx.clone();
                for (int i = 0; i < dx.length; i++) if (Float.isNaN(dx[i])) dx[i] = expected[i] = 1f;
                for (int j = 0; j < c; j++) {
                    for (int q = 0; q < count; q++) {
                        if (x[pixels[q] + j] == y[j]) {
                            expected[pixels[q] + j] += dy[j];
                            break;
                        }
                    }
                }
                kernels.routeToFirstMax(x, y, dy, dx, 0, pixels, count, c);
                assertArrayEquals(expected, dx, name + " c=" + c + " count=" + count);
            }
        }
        assertEquals(name.equals("scalar") ? "scalar" : "vector-256", kernels.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void addInPlaceAddsOneRangeOntoAnotherAndNothingElse(String name) {
        ElementKernels kernels = kernels(name);
        for (int n : SIZES) {
            for (int xOff : new int[] {0, 3}) {
                float[] x = values(n + xOff + 5, n * 7L + xOff), y = values(n + 9, n * 13L + xOff);
                float[] expected = y.clone();
                int yOff = 4;
                for (int i = 0; i < n && yOff + i < y.length; i++) expected[yOff + i] += x[xOff + i];
                kernels.add(x, xOff, y, yOff, y, yOff, Math.min(n, y.length - yOff)); // in place
                assertArrayEquals(expected, y, name + " n=" + n + " xOff=" + xOff);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void addWritesTheSumOfTwoRangesAndNothingElse(String name) {
        ElementKernels kernels = kernels(name);
        for (int n : SIZES) {
            float[] x = values(n + 2, n * 3L), y = values(n + 5, n * 5L), z = values(n + 7, n * 11L);
            float[] expected = z.clone();
            for (int i = 0; i < n; i++) expected[6 + i] = x[2 + i] + y[i];
            kernels.add(x, 2, y, 0, z, 6, n);
            assertArrayEquals(expected, z, name + " n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void addReluWritesTheRectifiedSumAndNothingElse(String name) {
        ElementKernels kernels = kernels(name);
        for (int n : SIZES) {
            float[] x = values(n + 2, n * 3L), y = values(n + 5, n * 5L), z = values(n + 7, n * 11L);
            float[] expected = z.clone();
            for (int i = 0; i < n; i++) {
                float sum = x[2 + i] + y[i];
                expected[6 + i] = Float.isNaN(sum) ? Float.NaN : sum > 0 ? sum : 0f; // relu's definition; -0.0 becomes 0.0
            }
            kernels.addRelu(x, 2, y, 0, z, 6, n);
            assertArrayEquals(expected, z, name + " n=" + n);
            float[] inPlace = x.clone();
            kernels.addRelu(inPlace, 2, y, 0, inPlace, 2, n);
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, 6, 6 + n), java.util.Arrays.copyOfRange(inPlace, 2, 2 + n), name + " in place n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void sumPixelsAddsEachChannelOverThePixelsInOrderAndNothingElse(String name) {
        ElementKernels kernels = kernels(name);
        for (int c : new int[] {1, 3, 8, 16, 20, 37}) {
            for (int pixels : new int[] {0, 1, 5, 33}) {
                float[] x = values(pixels * c + 3, c * 13L + pixels), y = values(c + 4, c * 17L);
                float[] expected = y.clone();
                for (int p = 0; p < pixels; p++) {
                    for (int j = 0; j < c; j++) expected[2 + j] += x[3 + p * c + j]; // pixel after pixel, as the sums are defined
                }
                kernels.sumPixels(x, 3, pixels, c, y, 2);
                assertArrayEquals(expected, y, name + " c=" + c + " pixels=" + pixels);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void scaleShiftMultipliesAddsAndRectifiesEachElement(String name) {
        // Quarters: every product and sum is exact in float, so fused or not gives these bits.
        ElementKernels kernels = kernels(name);
        for (boolean relu : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] x = values(n + 2, n * 3L), scale = values(n, n * 5L), shift = values(n, n * 7L), z = values(n + 7, n * 11L);
                float[] expected = z.clone();
                for (int i = 0; i < n; i++) {
                    float v = x[2 + i] * scale[i] + shift[i];
                    expected[6 + i] = relu ? (Float.isNaN(v) ? Float.NaN : v > 0 ? v : 0f) : v;
                }
                kernels.scaleShift(x, 2, scale, shift, z, 6, n, relu);
                assertArrayEquals(expected, z, name + " relu=" + relu + " n=" + n);
            }
        }
    }
}
