package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packed matmul against a plain triple loop accumulated in double, on every micro-kernel
 * (scalar, 256-bit, and 512-bit, which runs in plain Java where the CPU lacks AVX-512), at sizes
 * that leave every kind of ragged edge (not multiples of the 4 x 16 tile, of the 8 x 32 wide
 * tile, of the 64-column block), across row blocks and k slices, for every transpose, with offsets
 * and padded rows.
 */
class SgemmTest {
    private static final int[] SIDES = {1, 3, 7, 13, 17, 63, 65, 129};
    private static final int[] DEPTHS = {1, 3, 17, 65, 257};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.5f, 1f}, {-1.5f, 0.25f}};

    static PackedGemm gemm(String kernel) {
        MicroKernel k = switch (kernel) {
            case "scalar" -> Vectorization.scalar();
            case "vector" -> Vectorization.vectorOrNull(MicroKernel.class);
            case "vector512" -> Vectorization.vector512OrNull();
            default -> throw new IllegalArgumentException(kernel);
        };
        assertNotNull(k, "the Vector API kernels must load under surefire (--add-modules jdk.incubator.vector)");
        return new PackedGemm(k);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "vector512", "scalar"})
    void matchesReferenceAtOddSizesForEveryTranspose(String kernel) {
        PackedGemm gemm = gemm(kernel);
        SplittableRandom random = new SplittableRandom(42);
        for (int t = 0; t < 4; t++) oddSizes(gemm, t, random, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "vector512", "scalar"})
    void prepackedBMatchesReferenceAtOddSizesForEveryTranspose(String kernel) {
        PackedGemm gemm = gemm(kernel);
        SplittableRandom random = new SplittableRandom(43);
        for (int t = 0; t < 4; t++) {
            oddSizes(gemm, t, random, true);
            // Wider than one column block (208 wide at k = 300); three k slices (2100 = 3 x 700), split by rows across threads.
            check(gemm, (t & 1) != 0, (t & 2) != 0, 5, 2100, 300, 1f, 0f, random, true);
            check(gemm, (t & 1) != 0, (t & 2) != 0, 70, 70, 2100, 1f, 0.5f, random, true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "vector512", "scalar"})
    void matchesReferenceAcrossBlockBoundariesAndThreads(String kernel) {
        PackedGemm gemm = gemm(kernel);
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            check(gemm, ta, tb, 5, 2100, 40, 1f, 0f, random);     // two column blocks (1632 wide at k = 40)
            check(gemm, ta, tb, 2 * PackedGemm.MC + 5, 20, 30, 1f, 0.5f, random); // three row blocks, split by rows
            check(gemm, ta, tb, 60, 90, PackedGemm.KC + 1, 1f, 0f, random); // two k slices (513 + 512)
            check(gemm, ta, tb, 70, 300, 120, 2f, 0f, random);     // split by columns
            // Shared A, column blocks dealt out (every product below is wide enough on 2+ threads).
            check(gemm, ta, tb, 70, 200, PackedGemm.KC + 1, 1f, 0.5f, random); // two k slices
            check(gemm, ta, tb, 2 * PackedGemm.MC + 5, 130, 20, 0.5f, 0f, random); // three row blocks
        }
    }

    @Test
    void sharingTheWorkAcrossThreadsGivesTheSameBitsAsOneThread() {
        // Each tile is computed by one kernel call whichever thread makes it, so the split must
        // not show in the result: the same training gives the same numbers on 1 core or 16.
        SplittableRandom random = new SplittableRandom(11);
        for (String kernel : new String[] {"vector", "vector512", "scalar"}) {
            PackedGemm gemm = gemm(kernel);
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = 301, n = 517, k = 1100;
                float[] a = randoms(m * k, random), b = randoms(k * n, random);
                float[] one = new float[m * n], shared = new float[m * n];
                gemm.run(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, false, one, 0, n, 1);
                gemm.runParallel(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, false, shared, 0, n, 1);
                assertArrayEqualsExactly(one, shared, kernel + " t=" + t);
            }
        }
    }

    @Test
    void theWideTileGivesTheBitsOfTheNarrowOne() {
        // Each C element is summed along k in order by one lane in both vector kernels, so the
        // 512-bit kernel's 8 x 32, 8 x 48 and 8 x 16 tiles must give exactly the 256-bit kernel's
        // results: the same training gives the same numbers on an AVX2 laptop and an AVX-512 server.
        PackedGemm narrow = gemm("vector"), wide = gemm("vector512");
        assertTrue(wide.kernel() instanceof WideTileKernel && !(narrow.kernel() instanceof WideTileKernel));
        SplittableRandom random = new SplittableRandom(13);
        // Even and odd counts of full B panels (pairs only; a triple tile after the pairs, n = 50,
        // 120 and 500; one tall tile, n = 20), with A read in place (not transposed, n <= 128) and
        // packed (the rest), ragged rows, and two row blocks (m = 1030); narrow last panels below 16 deep (9, 12).
        int[][] mnk = {{64, 64, 100}, {67, 99, 31}, {130, 70, 257}, {9, 500, 40}, {1030, 96, 20}, {70, 50, 500}, {33, 120, 65},
                {24, 20, 33}, {13, 21, 12}, {9, 6, 9}};
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = randoms(m * k, random), b = randoms(k * n, random), c0 = randoms(m * n, random);
                    float[] expected = c0.clone(), actual = c0.clone();
                    narrow.run(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, accumulate, expected, 0, n, 1);
                    wide.run(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, accumulate, actual, 0, n, 1);
                    assertArrayEqualsExactly(expected, actual, m + "x" + n + "x" + k + " t=" + t + " accumulate=" + accumulate);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "vector512", "scalar"})
    void oneRowGivesTheBitsOfTheTiledProduct(String kernel) {
        // A batch of one goes through RowProduct (B read in place), a batch of five through the
        // tiled loops: each sample's outputs must not depend on which, to the bit. LeNet's Dense
        // 500 (800 deep, A packed), a ragged width with three k slices, a narrow C (A read in place),
        // and a product split across threads by columns. (Not a last panel of at most 8 columns
        // with A read in place: the tiled loops sum that one as dot products, see RowProduct.)
        PackedGemm gemm = gemm(kernel);
        SplittableRandom random = new SplittableRandom(17);
        int[][] nk = {{500, 800}, {42, 2100}, {10, 500}, {3000, 1000}};
        for (int[] s : nk) {
            for (boolean ta : new boolean[] {false, true}) {
                for (float[] ab : ALPHA_BETA) {
                    int m = 5, n = s[0], k = s[1];
                    float[] a = randoms(m * k, random), b = randoms(k * n, random), c0 = randoms(m * n, random);
                    float[] tiled = c0.clone();
                    Sgemm.sgemm(gemm, ta, false, m, n, k, ab[0], a, 0, ta ? m : k, b, 0, n, ab[1], tiled, 0, n);
                    for (int i = 0; i < m; i++) {
                        float[] row = java.util.Arrays.copyOfRange(c0, i * n, (i + 1) * n);
                        Sgemm.sgemm(gemm, ta, false, 1, n, k, ab[0], a, ta ? i : i * k, ta ? m : k, b, 0, n, ab[1], row, 0, n);
                        assertArrayEqualsExactly(java.util.Arrays.copyOfRange(tiled, i * n, (i + 1) * n), row,
                                kernel + " row " + i + " of " + m + "x" + n + "x" + k + " transA=" + ta + " alpha=" + ab[0] + " beta=" + ab[1]);
                    }
                }
            }
        }
    }

    @Test
    void splittingTheDepthGivesTheBitsOfTheWholeProduct() {
        // Few rows times a large B (a Dense layer at a small batch) split B's k slices between
        // threads and add them up afterwards: the bits must be those of the loops summing slice
        // after slice on one thread, which every larger batch runs. LeNet's Dense 500 (2 slices),
        // 3 slices (the second part takes two), one row (RowProduct) and up to FEW_ROWS rows.
        SplittableRandom random = new SplittableRandom(19);
        int[][] mnk = {{1, 500, 800}, {4, 500, 800}, {Sgemm.FEW_ROWS, 500, 800}, {1, 130, 1100}, {3, 130, 1100}};
        for (String kernel : new String[] {"vector", "vector512", "scalar"}) {
            PackedGemm gemm = gemm(kernel);
            for (int[] s : mnk) {
                int m = s[0], n = s[1], k = s[2];
                assertTrue(Parallel.threads() == 1 || Sgemm.splitsDepth(m, n, k), m + "x" + n + "x" + k + " splits its depth");
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    for (float[] ab : ALPHA_BETA) {
                        float[] a = randoms(m * k, random), b = randoms(k * n, random), c0 = randoms(m * n, random);
                        int lda = ta ? m : k, ldb = tb ? k : n;
                        float[] whole = c0.clone(), split = c0.clone();
                        if (ab[1] != 1f) PackedGemm.scale(m, n, ab[1], whole, 0, n);
                        boolean accumulate = ab[1] != 0f;
                        if (m == 1 && !tb) {
                            gemm.rowProduct().multiply(n, k, ab[0], a, 0, ta ? lda : 1, b, 0, ldb, accumulate, whole, 0);
                        } else if (Sgemm.transposedIsCheaper(ta, tb, m, n, k, ab[0])) {
                            gemm.run(!tb, !ta, n, m, k, ab[0], b, 0, ldb, a, 0, lda, accumulate, whole, 0, 1, n);
                        } else {
                            gemm.run(ta, tb, m, n, k, ab[0], a, 0, lda, b, 0, ldb, accumulate, whole, 0, n, 1);
                        }
                        Parallel.way = Parallel.Way.SPLIT;
                        try {
                            Sgemm.sgemm(gemm, ta, tb, m, n, k, ab[0], a, 0, lda, b, 0, ldb, ab[1], split, 0, n);
                        } finally {
                            Parallel.way = Parallel.Way.MEASURED;
                        }
                        assertArrayEqualsExactly(whole, split, kernel + " " + m + "x" + n + "x" + k + " t=" + t + " alpha=" + ab[0] + " beta=" + ab[1]);
                    }
                }
            }
        }
    }

    @Test
    void bothOrientationsAndInPlaceReadsAreCovered() {
        // The odd-size sweep covers the transposed path (e.g. m=129, n=3, k=65, transposed A) and
        // the in-place A path (row-major A, alpha 1, narrow C) only while these hold.
        assertTrue(Sgemm.transposedIsCheaper(true, false, 129, 3, 65, 1f));
        assertTrue(!Sgemm.transposedIsCheaper(false, false, 1024, 1024, 1024, 1f));
        assertTrue(PackedGemm.readsAInPlace(false, 1f, 65) && !PackedGemm.readsAInPlace(false, 0.5f, 65));
    }

    @Test
    void sameInputsGiveTheSameBitsBeforeAndAfterTheJitCompilesTheKernel() throws Exception {
        // Results must not depend on timing. The Vector API's reduceLanes(ADD) summed lanes in one
        // order interpreted and in another once C2 had compiled it, so two runs of the same seeded
        // training differed. A fresh class loader gives a kernel no earlier test has warmed up;
        // magnitudes from 1e-4 to 1e4 make any other order of the adds give other bits.
        URL classes = VectorMicroKernel.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = fresh.loadClass(VectorMicroKernel.class.getName());
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object kernel = constructor.newInstance();
            Method dotRows = type.getMethod("dotRows", int.class, float[].class, int.class, int.class, int.class,
                    float[].class, int.class, int.class, float[].class);
            dotRows.setAccessible(true);
            int kc = 64;
            SplittableRandom random = new SplittableRandom(3);
            float[] a = new float[MicroKernel.MR * kc], bt = new float[MicroKernel.HALF * kc];
            for (int i = 0; i < a.length; i++) a[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(9) - 4));
            for (int i = 0; i < bt.length; i++) bt[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(9) - 4));
            float[] first = new float[MicroKernel.MR * MicroKernel.NR], tile = new float[first.length];
            dotRows.invoke(kernel, kc, a, 0, kc, MicroKernel.MR, bt, 0, MicroKernel.HALF, first);
            for (int call = 0; call < 60_000; call++) {
                dotRows.invoke(kernel, kc, a, 0, kc, MicroKernel.MR, bt, 0, MicroKernel.HALF, tile);
                if (!java.util.Arrays.equals(first, tile)) fail("call " + call + " gave other bits than the first, interpreted, call");
            }
        }
    }

    @Test
    void packingBPanelsGivesOneLayoutInEitherReadOrder() {
        // The vector kernel reads B panel by panel or, when its rows lie a multiple of 128 floats
        // apart, row by row; the scalar kernel always row by row. Both orders, at odd depths and
        // offsets, must lay the panels out alike.
        MicroKernel vector = Vectorization.vectorOrNull(MicroKernel.class), scalar = Vectorization.scalar();
        assertNotNull(vector);
        SplittableRandom random = new SplittableRandom(5);
        int[][] cases = {{1, 1, 16}, {3, 2, 35}, {17, 3, 128}, {65, 5, 500}, {64, 8, 256}, {13, 4, 1024}};
        for (int[] kcPanelsLdb : cases) {
            int kc = kcPanelsLdb[0], panels = kcPanelsLdb[1], ldb = kcPanelsLdb[2], src = 3, d = 5;
            float[] b = randoms(src + kc * ldb, random);
            float[] expected = new float[d + kc * panels * MicroKernel.NR + 2], actual = expected.clone();
            scalar.packPanels(kc, panels, b, src, ldb, expected, d);
            vector.packPanels(kc, panels, b, src, ldb, actual, d);
            assertArrayEqualsExactly(expected, actual, "kc=" + kc + " panels=" + panels + " ldb=" + ldb);
            assertEquals(b[src + (kc - 1) * ldb + panels * MicroKernel.NR - 1], actual[d + kc * panels * MicroKernel.NR - 1],
                    "the last panel's last float");
        }
    }

    @Test
    void betaZeroNeverReadsC() {
        for (String kernel : new String[] {"vector", "vector512", "scalar"}) {
            PackedGemm gemm = gemm(kernel);
            float[] a = {1, 2, 3, 4}, b = {1, 0, 0, 1};
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            Sgemm.sgemm(gemm, false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEqualsExactly(new float[] {1, 2, 3, 4}, c, kernel);
        }
    }

    @Test
    void emptyDepthScalesC() {
        float[] c = {1, 2, 3};
        Sgemm.sgemm(false, false, 1, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
        assertArrayEqualsExactly(new float[] {2, 4, 6}, c, "k = 0");
    }

    @Test
    void forcingTheScalarKernelByPropertyIsHonoured() {
        assertEquals("scalar", Vectorization.choose("false", "").name());
        assertEquals("vector-256", Vectorization.choose("true", "256").name());
        // By default the widest kernel this CPU runs natively.
        String widest = Vector512MicroKernel.unsuitableBecause() == null ? "vector-512" : "vector-256";
        assertEquals(widest, Vectorization.choose("true", "").name());
    }

    @Test
    void tooSmallArraysAreRejectedWithTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                Sgemm.sgemm(false, false, 2, 2, 2, 1f, new float[3], 0, 2, new float[4], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("A (2x2"), e.getMessage());
    }

    private static void check(PackedGemm gemm, boolean ta, boolean tb, int m, int n, int k,
                              float alpha, float beta, SplittableRandom random) {
        check(gemm, ta, tb, m, n, k, alpha, beta, random, false);
    }

    /**
     * Every (m, n, k) of SIDES x SIDES x DEPTHS for transposes {@code t} (bit 0: A, bit 1: B),
     * cycling through ALPHA_BETA where the previous transposes left off.
     */
    private static void oddSizes(PackedGemm gemm, int t, SplittableRandom random, boolean prepacked) {
        int cases = t * SIDES.length * SIDES.length * DEPTHS.length;
        for (int m : SIDES) {
            for (int n : SIDES) {
                for (int k : DEPTHS) {
                    float[] ab = ALPHA_BETA[cases++ % ALPHA_BETA.length];
                    check(gemm, (t & 1) != 0, (t & 2) != 0, m, n, k, ab[0], ab[1], random, prepacked);
                }
            }
        }
    }

    /** {@code prepacked}: B goes through {@link Sgemm#packB} and the packed-B product instead. */
    private static void check(PackedGemm gemm, boolean ta, boolean tb, int m, int n, int k,
                              float alpha, float beta, SplittableRandom random, boolean prepacked) {
        // Stored shapes with padded rows (ld = width + 3) and a non-zero offset, to catch stride bugs.
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 2, ldc = n + 5, off = 4;
        float[] a = randoms(off + aRows * lda, random);
        float[] b = randoms(off + bRows * ldb, random);
        float[] c = randoms(off + m * ldc, random);
        float[] expected = c.clone();
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[off + p * lda + i] : a[off + i * lda + p];
                    double y = tb ? b[off + j * ldb + p] : b[off + p * ldb + j];
                    sum += x * y;
                    magnitude += Math.abs(x * y);
                }
                double c0 = beta == 0f ? 0 : beta * (double) c[off + i * ldc + j];
                expected[off + i * ldc + j] = (float) (alpha * sum + c0);
                // Float32 accumulation of k products (in any order, with or without FMA) errs by at
                // most about k * 2^-24 of the sum of magnitudes; alpha folding, the beta term and
                // the final rounding add a few units more. Doubled for safety; an indexing bug errs by O(1).
                bound[i * n + j] = 2 * (k + 4) * 0x1p-24 * (Math.abs(alpha) * magnitude + Math.abs(c0)) + Float.MIN_NORMAL;
            }
        }
        if (prepacked) {
            float[] packed = new float[Sgemm.packedSize(k, n)];
            java.util.Arrays.fill(packed, Float.NaN); // padding the packer forgets to zero would show
            Sgemm.sgemm(gemm, ta, m, alpha, a, off, lda, Sgemm.packB(gemm, tb, k, n, b, off, ldb, packed), beta, c, off, ldc);
        } else {
            Sgemm.sgemm(gemm, ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        }
        for (int i = 0; i < c.length; i++) {
            int row = (i - off) / ldc, col = (i - off) % ldc;
            boolean inside = i >= off && col < n;
            double tol = inside ? bound[row * n + col] : 0;
            if (!(Math.abs(c[i] - expected[i]) <= tol)) {
                fail(String.format("%s transA=%b transB=%b m=%d n=%d k=%d alpha=%s beta=%s: C[%d,%d] = %s, expected %s (tolerance %.3g)%s",
                        gemm.kernel().name(), ta, tb, m, n, k, alpha, beta, row, col, c[i], expected[i], tol,
                        inside ? "" : " (outside C's window: must be untouched)"));
            }
        }
    }

    private static float[] randoms(int size, SplittableRandom random) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) random.nextDouble(-1, 1);
        return x;
    }

    private static void assertArrayEqualsExactly(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0f, what + " at " + i);
        }
    }
}
