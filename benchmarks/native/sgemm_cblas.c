/*
 * The native reference for SgemmBenchmark: C = A B, n x n row-major floats, through CBLAS
 * (OpenBLAS or BLIS, whichever it is linked to; threads from OPENBLAS_NUM_THREADS or
 * BLIS_NUM_THREADS). 12 rounds of 0.3 s, the first 4 dropped as warm-up; prints the median
 * GFLOP/s of the other 8 with the lowest and highest, counting 2 n^3 FLOPs per product.
 *
 * usage: sgemm_cblas N SOURCE FIGURE   (SOURCE and FIGURE only label the line printed)
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1024;
    const char *source = argc > 2 ? argv[2] : "cblas", *figure = argc > 3 ? argv[3] : "sgemm";
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    srand(1);
    for (long i = 0; i < (long) n * n; i++) {
        a[i] = rand() / (float) RAND_MAX;
        b[i] = rand() / (float) RAND_MAX;
    }
    double kept[8];
    int count = 0;
    for (int round = 0; round < 12; round++) {
        double start = seconds();
        long products = 0;
        while (seconds() - start < 0.3) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
            products++;
        }
        double gflops = 2.0 * n * n * (double) n * products / (seconds() - start) / 1e9;
        if (round >= 4) kept[count++] = gflops;
    }
    qsort(kept, count, sizeof(double), ascending);
    printf("%s %s median %.1f GFLOP/s (lowest %.1f highest %.1f)\n", source, figure, kept[count / 2], kept[0], kept[count - 1]);
    free(a); free(b); free(c);
    return 0;
}
