package dev.myelin.backend;

/**
 * Everything a backend needs to run one 2-D convolution: NHWC input {@code (batch, inH, inW, inC)},
 * OHWI filter {@code (outC, kernelH, kernelW, inC)}, NHWC output {@code (batch, outH, outW, outC)}.
 * Padding may be asymmetric (Keras's {@code same} puts the odd pixel at the bottom and right).
 */
public record Conv2dGeometry(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                             int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight) {

    public Conv2dGeometry {
        if (batch < 1 || inH < 1 || inW < 1 || inC < 1 || outC < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + this);
        }
        if (inH + padTop + padBottom < kernelH || inW + padLeft + padRight < kernelW) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW + " is larger than the padded input "
                    + (inH + padTop + padBottom) + "x" + (inW + padLeft + padRight));
        }
    }

    /** Keras's geometry for {@code padding} "valid" or "same". */
    public static Conv2dGeometry of(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                                    int strideH, int strideW, Padding padding) {
        int[] ph = padding.pads(inH, kernelH, strideH);
        int[] pw = padding.pads(inW, kernelW, strideW);
        return new Conv2dGeometry(batch, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, ph[0], pw[0], ph[1], pw[1]);
    }

    public int outH() { return (inH + padTop + padBottom - kernelH) / strideH + 1; }

    public int outW() { return (inW + padLeft + padRight - kernelW) / strideW + 1; }

    public boolean symmetricPadding() { return padTop == padBottom && padLeft == padRight; }

    /** Multiply-adds of the forward pass; twice this is its FLOP count. */
    public long macs() {
        return (long) batch * outH() * outW() * outC * kernelH * kernelW * inC;
    }

    public Conv2dGeometry withBatch(int n) {
        return new Conv2dGeometry(n, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight);
    }
}
