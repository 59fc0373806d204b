package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;

/**
 * The activations of a recurrent cell's gates over a run of floats, {@code dst[dstOff + i] =
 * act(src[srcOff + i])}: the loop the recurrent layers spend most of their forward in (a few
 * {@code exp} per unit and step). On the Vector API where {@link Vectorization} found it
 * (exp as a polynomial of exactly rounded operations: the same bits interpreted and compiled), else scalar.
 */
public interface GateKernels {
    /** {@code dst[dstOff + i] = act(src[srcOff + i])} for {@code i < n}; {@code src} and {@code dst} may be the same run. */
    void apply(GateActivation act, float[] src, int srcOff, float[] dst, int dstOff, int n);

    /** One value at a time through {@link GateActivation#apply}. */
    final class Scalar implements GateKernels {
        @Override
        public void apply(GateActivation act, float[] src, int srcOff, float[] dst, int dstOff, int n) {
            for (int i = 0; i < n; i++) dst[dstOff + i] = act.apply(src[srcOff + i]);
        }
    }
}
