package dev.myelin.cpu.kernel;

/**
 * The tile transforms of the Winograd convolution F(4x4, 3x3) (Lavin and Gray, "Fast Algorithms
 * for Convolutional Neural Networks", 2015), on channel vectors: a 4 x 4 block of outputs of a
 * stride-1 3 x 3 convolution is {@code A^T [(G g G^T) . (B^T d B)] A} for its 6 x 6 block of
 * inputs {@code d}, 36 products per channel pair where the direct convolution takes 144. A pixel's
 * channels are one vector of {@link #width()} floats (padding lanes zero); a transformed tile is 36
 * such vectors in a row, position {@code i * 6 + j} at {@code (i * 6 + j) * width()}, and tiles lie
 * {@code 36 * width()} floats apart: every offset inside a tile is a constant, so the JIT can check
 * a tile's bounds once.
 */
public interface WinogradTiles {
    /** Floats a channel vector holds. */
    int width();

    /**
     * {@code V = B^T d B} for the 6 x 6 pixels from {@code p[pOff]} ({@code rowStep} floats
     * between rows, {@link #width()} between pixels), into {@code v[vOff + pos * width()]};
     * {@code temp} holds at least {@code 36 * width()} floats.
     */
    void input(float[] p, int pOff, int rowStep, float[] v, int vOff, float[] temp);

    /**
     * The products of one position of {@code tiles} transformed tiles: for tile {@code t} and
     * output lane {@code o}, with {@code T = 36 * width()},
     * {@code m[mOff + t * T + o] = sum over c < channels of v[vOff + t * T + c] * u[uOff + c * width() + o]},
     * summed in channel order.
     */
    void products(float[] v, int vOff, int tiles, float[] u, int uOff, int channels, float[] m, int mOff);

    /**
     * {@code Y = A^T M A} for the 36 vectors {@code m[mOff + pos * width()]}, then
     * {@code fma(Y, scale, shift)} per channel, plus {@code residual} (null: none; the output's
     * layout, read at the same offsets) and, with {@code relu}, {@code max(., 0)}, into the
     * 4 x 4 outputs from {@code y[yOff]} ({@code rowStep} floats between rows, {@code channels}
     * between pixels, the first {@code channels} lanes of each), only its first {@code rows} rows
     * and {@code cols} columns; {@code scale} and {@code shift} hold at least {@code channels}
     * floats, {@code temp} at least {@code 40 * width()}.
     */
    void output(float[] m, int mOff, float[] scale, float[] shift, float[] residual, boolean relu,
                float[] y, int yOff, int rowStep, int channels, int rows, int cols, float[] temp);
}
