package dev.myelin.backend;

/**
 * Everything a backend needs to run one 2-D convolution: NHWC input {@code (batch, inH, inW, inC)},
 * OHWI filter {@code (outC, kernelH, kernelW, inC / groups)}, NHWC output {@code (batch, outH, outW, outC)}.
 * Padding may be asymmetric (Keras's {@code same} puts the odd pixel at the bottom and right).
 * A dilation {@code d} spaces the kernel's taps {@code d} pixels apart, so a kernel of {@code k} taps
 * spans {@code (k - 1) * d + 1} pixels. With {@code groups} {@code G}, input and output channels are
 * cut into {@code G} consecutive groups and output group {@code g} sees only input group {@code g}
 * (a depthwise convolution is {@code G = inC}).
 */
public record Conv2dGeometry(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                             int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight,
                             int dilationH, int dilationW, int groups) {

    /** Checks the sizes, and that the (dilated) kernel fits the padded input and the groups divide the channels. */
    public Conv2dGeometry {
        if (batch < 1 || inH < 1 || inW < 1 || inC < 1 || outC < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("invalid convolution geometry " + describe(batch, inH, inW, inC, outC, kernelH, kernelW,
                    strideH, strideW, padTop, padLeft, padBottom, padRight, dilationH, dilationW, groups));
        }
        int spanH = (kernelH - 1) * dilationH + 1, spanW = (kernelW - 1) * dilationW + 1;
        if (inH + padTop + padBottom < spanH || inW + padLeft + padRight < spanW) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW
                    + (dilationH * dilationW > 1 ? " dilated " + dilationH + "x" + dilationW + " (spanning " + spanH + "x" + spanW + ")" : "")
                    + " is larger than the padded input " + (inH + padTop + padBottom) + "x" + (inW + padLeft + padRight));
        }
        if (inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException(groups + " groups must divide both the input channels (" + inC
                    + ") and the output channels (" + outC + ")");
        }
    }

    /** An undilated, ungrouped convolution with explicit padding. */
    public Conv2dGeometry(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                          int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight) {
        this(batch, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, 1, 1, 1);
    }

    private static String describe(int... v) {
        return String.format("(batch %d, in %dx%dx%d, out channels %d, kernel %dx%d, strides %dx%d, pads t%d l%d b%d r%d, "
                + "dilation %dx%d, groups %d)", v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15]);
    }

    /** Keras's geometry for {@code padding} "valid" or "same". */
    public static Conv2dGeometry of(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                                    int strideH, int strideW, Padding padding) {
        return of(batch, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, padding, 1, 1, 1);
    }

    /** Keras's geometry for {@code padding} "valid" or "same", with dilation and groups. */
    public static Conv2dGeometry of(int batch, int inH, int inW, int inC, int outC, int kernelH, int kernelW,
                                    int strideH, int strideW, Padding padding, int dilationH, int dilationW, int groups) {
        int[] ph = padding.pads(inH, (kernelH - 1) * dilationH + 1, strideH);
        int[] pw = padding.pads(inW, (kernelW - 1) * dilationW + 1, strideW);
        return new Conv2dGeometry(batch, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, ph[0], pw[0], ph[1], pw[1],
                dilationH, dilationW, groups);
    }

    /** Pixels the dilated kernel spans vertically: {@code (kernelH - 1) * dilationH + 1}. */
    public int spanH() { return (kernelH - 1) * dilationH + 1; }

    /** Pixels the dilated kernel spans horizontally. */
    public int spanW() { return (kernelW - 1) * dilationW + 1; }

    /** Output height. */
    public int outH() { return (inH + padTop + padBottom - spanH()) / strideH + 1; }

    /** Output width. */
    public int outW() { return (inW + padLeft + padRight - spanW()) / strideW + 1; }

    /** Whether top equals bottom and left equals right padding. */
    public boolean symmetricPadding() { return padTop == padBottom && padLeft == padRight; }

    /** Whether the taps are adjacent and every output channel sees every input channel: the plain convolution. */
    public boolean isPlain() { return dilationH == 1 && dilationW == 1 && groups == 1; }

    /** Input channels each filter sees: {@code inC / groups}. */
    public int filterChannels() { return inC / groups; }

    /** Multiply-adds of the forward pass; twice this is its FLOP count. */
    public long macs() {
        return (long) batch * outH() * outW() * outC * kernelH * kernelW * filterChannels();
    }

    /** The same geometry for a batch of {@code n}. */
    public Conv2dGeometry withBatch(int n) {
        return new Conv2dGeometry(n, inH, inW, inC, outC, kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight,
                dilationH, dilationW, groups);
    }
}
