package dev.myelin.cuda;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolution and pooling geometries the {@code gpu} tests compare against the CPU, and the
 * real-library checks give to cuDNN: odd and even sizes, strides 1 and 2, {@code valid} and
 * {@code same}. The even input (8x6) with stride 2, and the even kernels, make {@code same} pad
 * asymmetrically, the path where the backend pads explicitly ({@code pad_nhwc}/{@code crop_nhwc}).
 */
final class GpuGeometries {
    static final int OUT_CHANNELS = 4;

    private GpuGeometries() {}

    /** Input sizes {height, width}: all odd, then all even. */
    static final int[][] CONV_INPUTS = {{9, 7}, {8, 6}};

    static List<Conv2dGeometry> convolutions() {
        List<Conv2dGeometry> out = new ArrayList<>();
        for (int[] hw : CONV_INPUTS) {
            boolean odd = hw[0] % 2 == 1;
            for (int batch : odd ? new int[] {1, 3, 7} : new int[] {1, 3}) {
                for (int channels : new int[] {1, 3}) {
                    for (int kernel : odd ? new int[] {1, 3, 5} : new int[] {2, 3, 4}) {
                        for (int stride : new int[] {1, 2}) {
                            for (Padding padding : Padding.values()) {
                                out.add(Conv2dGeometry.of(batch, hw[0], hw[1], channels, OUT_CHANNELS, kernel, kernel, stride, stride, padding));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Explicit asymmetric padding too (not Keras's, but the SPI takes it): 1 at the top, 0 at the bottom, 2 left, 1 right. */
    static List<Conv2dGeometry> asymmetricConvolutions() {
        return List.of(new Conv2dGeometry(2, 7, 6, 3, OUT_CHANNELS, 3, 3, 1, 1, 1, 2, 0, 1),
                new Conv2dGeometry(1, 8, 8, 2, OUT_CHANNELS, 3, 2, 2, 2, 0, 1, 1, 0));
    }

    /** Dilated, grouped and depthwise convolutions, and Conv2DTranspose's 28 -> 14 geometry. */
    static List<Conv2dGeometry> dilatedAndGroupedConvolutions() {
        return List.of(
                Conv2dGeometry.of(2, 9, 8, 3, 4, 3, 3, 1, 1, Padding.VALID, 2, 2, 1),
                Conv2dGeometry.of(3, 9, 8, 3, 4, 3, 2, 2, 1, Padding.SAME, 2, 3, 1),
                Conv2dGeometry.of(3, 7, 6, 6, 4, 3, 3, 1, 1, Padding.SAME, 1, 1, 2),
                Conv2dGeometry.of(2, 8, 8, 4, 8, 3, 3, 2, 2, Padding.SAME, 1, 1, 4),    // depthwise, multiplier 2, odd same padding
                Conv2dGeometry.of(2, 7, 7, 5, 5, 3, 3, 1, 1, Padding.VALID, 2, 1, 5),
                Conv2dGeometry.of(4, 14, 14, 8, 8, 3, 3, 2, 2, Padding.SAME));          // Conv2DTranspose's 28 -> 14 geometry
    }

    /** The shapes batch normalization is tested at: channels last, any rank. */
    static final List<dev.myelin.tensor.Shape> BATCH_NORM_SHAPES = List.of(dev.myelin.tensor.Shape.of(7, 3),
            dev.myelin.tensor.Shape.of(3, 5, 7, 16), dev.myelin.tensor.Shape.of(64, 8, 8, 64), dev.myelin.tensor.Shape.of(2, 1, 1, 5));

    static List<Pool2dGeometry> pools() {
        List<Pool2dGeometry> out = new ArrayList<>();
        for (int[] hw : new int[][] {{7, 6}, {8, 6}}) {
            for (int batch : new int[] {1, 3}) {
                for (int channels : new int[] {1, 3}) {
                    for (int pool : new int[] {2, 3}) {
                        for (int stride : new int[] {1, 2}) {
                            for (Padding padding : Padding.values()) {
                                out.add(Pool2dGeometry.of(batch, hw[0], hw[1], channels, pool, pool, stride, stride, padding));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
