package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;

/**
 * The convolution written from its definition, for the tests: cross-correlation with zero padding,
 * strides, dilation and groups,
 * {@code y[n,oh,ow,o] = sum over i, j, c inside the input of x[n, oh*sh - pt + i*dh, ow*sw - pl + j*dw, c0 + c] * w[o,i,j,c]},
 * where output channel {@code o} reads the input channels {@code c0 ..} of its group. Tensors are
 * NHWC, filters OHWI.
 */
final class ConvolutionTerms {
    /** One product term: output, filter and input element indices. */
    interface Term {
        void accept(int outIndex, int filterIndex, int inIndex);
    }

    private ConvolutionTerms() {}

    /** Calls {@code body} once for each product term of the convolution {@code g}. */
    static void forEach(Conv2dGeometry g, Term body) {
        for (int n = 0; n < g.batch(); n++)
            for (int oh = 0; oh < g.outH(); oh++)
                for (int ow = 0; ow < g.outW(); ow++)
                    for (int o = 0; o < g.outC(); o++)
                        for (int i = 0; i < g.kernelH(); i++)
                            for (int j = 0; j < g.kernelW(); j++) {
                                int h = oh * g.strideH() - g.padTop() + i * g.dilationH();
                                int w = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                                if (h < 0 || h >= g.inH() || w < 0 || w >= g.inW()) continue;
                                // Output channel o is in group o / (outC / groups), which reads that group's input channels.
                                int cg = g.filterChannels(), c0 = o / (g.outC() / g.groups()) * cg;
                                for (int c = 0; c < cg; c++) body.accept(out(g, n, oh, ow, o), filter(g, o, i, j, c), in(g, n, h, w, c0 + c));
                            }
    }

    private static int in(Conv2dGeometry g, int n, int h, int w, int c) {
        return ((n * g.inH() + h) * g.inW() + w) * g.inC() + c;
    }

    private static int out(Conv2dGeometry g, int n, int h, int w, int o) {
        return ((n * g.outH() + h) * g.outW() + w) * g.outC() + o;
    }

    private static int filter(Conv2dGeometry g, int o, int i, int j, int c) {
        return ((o * g.kernelH() + i) * g.kernelW() + j) * g.filterChannels() + c;
    }
}
