package dev.myelin.cuda;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.cuda.kernel.KernelSources;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Without a GPU, a kernel called with the wrong arguments would only show as garbage on one. This
 * checks every kernel's C parameter list against its Java wrapper, and the op codes against the enums.
 */
class KernelSourcesTest {

    private static Map<String, List<Class<?>>> kernels() {
        Map<String, List<Class<?>>> out = new HashMap<>();
        for (String module : KernelSources.MODULES) {
            Matcher m = DeviceKernels.KERNEL.matcher(KernelSources.source(module));
            while (m.find()) {
                List<Class<?>> types = new ArrayList<>();
                for (String param : m.group(2).split(",")) types.add(javaType(param.trim(), m.group(1)));
                out.put(m.group(1), types);
            }
        }
        return out;
    }

    private static Class<?> javaType(String param, String kernel) {
        if (param.contains("*") || param.startsWith("u64") || param.startsWith("unsigned long long")) return long.class;
        if (param.startsWith("int ")) return int.class;
        if (param.startsWith("float ")) return float.class;
        throw new AssertionError("kernel " + kernel + " has a parameter of a type the launcher cannot pass: " + param);
    }

    @Test
    void everyKernelHasAJavaWrapperWithTheSameParameterTypesInOrder() {
        Map<String, List<Class<?>>> kernels = kernels();
        assertTrue(kernels.size() >= 30, "kernels found: " + kernels.keySet());
        Map<String, Method> wrappers = new HashMap<>();
        for (Method m : DeviceKernels.class.getDeclaredMethods()) {
            if (!Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) wrappers.put(m.getName(), m);
        }
        for (var k : kernels.entrySet()) {
            Method w = wrappers.get(k.getKey());
            assertNotNull(w, "no Java wrapper for kernel " + k.getKey());
            assertEquals(k.getValue(), Arrays.asList(w.getParameterTypes()), "parameters of kernel " + k.getKey());
        }
        for (String name : wrappers.keySet()) {
            if (!name.equals("close")) assertTrue(kernels.containsKey(name), "wrapper " + name + " has no kernel");
        }
    }

    @Test
    void gridStrideLoopsIndexWith64Bits() {
        // i + blockDim.x * gridDim.x overflows an int when n is near 2^31: the loop would never end, or write anywhere
        Pattern intLoop = Pattern.compile("for \\(int \\w+ = blockIdx\\.x[^)]*\\)");
        for (String module : KernelSources.MODULES) {
            Matcher m = intLoop.matcher(KernelSources.source(module));
            if (m.find()) fail(module + ".cu has a grid-stride loop with an int index (use long long): " + m.group());
        }
    }

    private static Map<String, Integer> defines(String module, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile("#define " + prefix + "(\\w+) (\\d+)").matcher(KernelSources.source(module));
        while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        return out;
    }

    private static void assertMatches(Enum<?>[] values, Map<String, Integer> codes) {
        assertEquals(values.length, codes.size(), "codes " + codes + " for " + Arrays.toString(values));
        for (Enum<?> v : values) assertEquals(v.ordinal(), codes.get(v.name()), "code of " + v);
    }

    @Test
    void opCodesInTheSourcesAreTheEnumOrdinals() {
        assertMatches(ActivationKind.values(), defines("elementwise", "ACT_"));
        assertMatches(UnaryOp.values(), defines("elementwise", "UN_"));
        assertMatches(BinaryOp.values(), defines("elementwise", "BIN_"));
        assertMatches(ScalarOp.values(), defines("elementwise", "SC_"));
        assertMatches(AccuracyKind.values(), defines("reduce", "ACC_"));
        assertMatches(FillMode.values(), defines("image", "FILL_"));
        assertMatches(ImageInterpolation.values(), defines("image", "INTERP_"));
        assertMatches(GateActivation.values(), defines("sequence", "GATE_"));
        assertMatches(RecurrentCell.values(), defines("sequence", "CELL_"));
    }
}
