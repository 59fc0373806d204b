package dev.myelin.cuda;

import dev.myelin.cuda.ffm.NativeLibrary;
import dev.myelin.cuda.ffm.RealLibraries.Call;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a cuDNN descriptor back with cuDNN's own getter and compares it with what the backend set.
 * The rule is generic: {@code cudnnSetX(desc, a1..an)} has the getter {@code cudnnGetX(desc, &a1..&an)}
 * with the same C types, which holds for the filter, convolution, pooling, activation, math-type and
 * RNN setters. Setters whose getter differs have their own rule here; a setter with neither fails,
 * so a new kind of descriptor cannot go unchecked.
 */
final class DescriptorReadback {
    private DescriptorReadback() {}

    /** True for a call that sets a descriptor up: {@code cudnnSet...} with the descriptor first. */
    static boolean isSetter(Call c) {
        return c.symbol().startsWith("cudnnSet") && !c.symbol().equals("cudnnSetStream")
                && !c.descriptor().argumentLayouts().isEmpty() && c.descriptor().argumentLayouts().getFirst() instanceof AddressLayout;
    }

    /** Reads back what {@code set} set; returns what was compared, or throws an AssertionError naming the field that differs. */
    static String check(NativeLibrary cudnn, Call set) throws Throwable {
        if (set.symbol().equals("cudnnSetTensor4dDescriptor")) return tensor4d(cudnn, set);
        List<MemoryLayout> in = set.descriptor().argumentLayouts();
        for (int i = 1; i < in.size(); i++) {
            if (!(in.get(i) instanceof ValueLayout v) || v instanceof AddressLayout) {
                throw new AssertionError(set.symbol() + " takes a pointer (argument " + i + "), so its getter differs from it: "
                        + "add a read-back rule for it to DescriptorReadback");
            }
        }
        String getter = "cudnnGet" + set.symbol().substring("cudnnSet".length());
        List<Object> got = get(cudnn, getter, set.args().getFirst(), in.subList(1, in.size()));
        List<Object> expected = set.args().subList(1, set.args().size());
        if (!got.equals(expected)) {
            throw new AssertionError(getter + " read back " + got + " where " + set.symbol() + " set " + expected);
        }
        return set.symbol() + expected + " read back by " + getter;
    }

    /** {@code cudnnSetTensor4dDescriptor(desc, format, dataType, n, c, h, w)}: the getter returns the data type, dims and strides. */
    private static String tensor4d(NativeLibrary cudnn, Call set) throws Throwable {
        List<Object> a = set.args();
        int format = (int) a.get(1), n = (int) a.get(3), c = (int) a.get(4), h = (int) a.get(5), w = (int) a.get(6);
        int[] strides = switch (format) {
            case 0 -> new int[] {c * h * w, h * w, w, 1};    // CUDNN_TENSOR_NCHW
            case 1 -> new int[] {h * w * c, 1, w * c, c};    // CUDNN_TENSOR_NHWC
            default -> throw new AssertionError("cudnnSetTensor4dDescriptor with format " + format + ": add its strides here");
        };
        List<Object> expected = new ArrayList<>(List.of(a.get(2), n, c, h, w));
        for (int s : strides) expected.add(s);
        List<Object> got = get(cudnn, "cudnnGetTensor4dDescriptor", a.getFirst(), List.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        if (!got.equals(expected)) {
            throw new AssertionError("cudnnGetTensor4dDescriptor read back (dataType, n, c, h, w, strides) = " + got + " where "
                    + set.symbol() + a.subList(1, a.size()) + " implies " + expected);
        }
        return set.symbol() + a.subList(1, a.size()) + " read back by cudnnGetTensor4dDescriptor with strides " + Arrays.toString(strides);
    }

    /** Calls {@code getter(desc, &v1..&vn)} with outputs of the given layouts and returns the values. */
    private static List<Object> get(NativeLibrary cudnn, String getter, Object desc, List<MemoryLayout> layouts) throws Throwable {
        MemoryLayout[] params = new MemoryLayout[layouts.size() + 1];
        Arrays.fill(params, ValueLayout.ADDRESS);
        MethodHandle h = cudnn.function(getter, FunctionDescriptor.of(ValueLayout.JAVA_INT, params));
        try (Arena arena = Arena.ofConfined()) {
            List<Object> args = new ArrayList<>(List.of(desc));
            List<MemorySegment> outs = new ArrayList<>();
            for (MemoryLayout l : layouts) {
                MemorySegment out = arena.allocate(l);
                outs.add(out);
                args.add(out);
            }
            int status = (int) h.invokeWithArguments(args);
            if (status != 0) throw new AssertionError(getter + " returned cuDNN status " + status);
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < layouts.size(); i++) values.add(read(outs.get(i), layouts.get(i)));
            return values;
        }
    }

    private static Object read(MemorySegment s, MemoryLayout layout) {
        return switch (layout) {
            case ValueLayout.OfInt l -> s.get(l, 0);
            case ValueLayout.OfLong l -> s.get(l, 0);
            case ValueLayout.OfFloat l -> s.get(l, 0);
            case ValueLayout.OfDouble l -> s.get(l, 0);
            default -> throw new AssertionError("no reader for a getter output of layout " + layout);
        };
    }
}
