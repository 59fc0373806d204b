package dev.myelin.cuda.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which binary NVRTC builds for a device, from the architecture lists NVRTC 12.6 and 13.1 report (nvrtcGetSupportedArchs). */
class KernelTargetTest {
    private static final int[] NVRTC_12_6 = {50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90};
    private static final int[] NVRTC_13_1 = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};

    @Test
    void aKnownArchitectureGetsItsOwnCubin() {
        KernelTarget t = KernelTarget.choose(9, 0, NVRTC_12_6);
        assertEquals(new KernelTarget(90, 90, false), t);
        assertEquals(List.of("--gpu-architecture=sm_90", "--std=c++17", "--fmad=false"), t.options());
        assertEquals("", t.note());
        assertEquals(new KernelTarget(120, 120, false), KernelTarget.choose(12, 0, NVRTC_13_1));
    }

    @Test
    void aDeviceNewerThanNvrtcGetsPtxForTheNewestArchitectureItKnows() {
        for (int[] cc : new int[][] {{10, 0}, {12, 0}}) {
            KernelTarget t = KernelTarget.choose(cc[0], cc[1], NVRTC_12_6);
            assertEquals(new KernelTarget(cc[0] * 10 + cc[1], 90, true), t);
            assertEquals("--gpu-architecture=compute_90", t.options().getFirst());
            assertTrue(t.note().contains("PTX for compute_90") && t.note().contains("sm_" + cc[0] + cc[1]), t.note());
        }
    }

    @Test
    void anUnlistedArchitectureBetweenKnownOnesGetsPtxForTheOneBelow() {
        assertEquals(new KernelTarget(101, 100, true), KernelTarget.choose(10, 1, NVRTC_13_1));
    }

    @Test
    void aDeviceOlderThanEveryKnownArchitectureIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelTarget.choose(6, 1, NVRTC_13_1));
        assertTrue(e.getMessage().contains("sm_61") && e.getMessage().contains("older"), e.getMessage());
    }
}
