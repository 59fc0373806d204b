package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static dev.myelin.cuda.ffm.Native.INT;
import static dev.myelin.cuda.ffm.Native.LONG;
import static dev.myelin.cuda.ffm.Native.POINTER;

/** NVRTC ({@code nvrtc.h}, {@code libnvrtc.so.13} or {@code .so.12}): one method per C function, same name and argument order. */
public final class Nvrtc {
    public static final int NVRTC_SUCCESS = 0;
    public static final int NVRTC_ERROR_COMPILATION = 6;

    private final NativeLibrary lib;
    private final MethodHandle nvrtcGetErrorString, nvrtcVersion, nvrtcCreateProgram, nvrtcDestroyProgram, nvrtcCompileProgram,
            nvrtcGetProgramLogSize, nvrtcGetProgramLog, nvrtcGetCUBINSize, nvrtcGetCUBIN, nvrtcGetPTXSize, nvrtcGetPTX, nvrtcGetNumSupportedArchs, nvrtcGetSupportedArchs;

    public Nvrtc(NativeLibrary lib) {
        this.lib = lib;
        nvrtcGetErrorString = lib.function("nvrtcGetErrorString", FunctionDescriptor.of(POINTER, INT));
        nvrtcVersion = lib.function("nvrtcVersion", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcCreateProgram = lib.function("nvrtcCreateProgram", FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, INT, POINTER, POINTER));
        nvrtcDestroyProgram = lib.function("nvrtcDestroyProgram", FunctionDescriptor.of(INT, POINTER));
        nvrtcCompileProgram = lib.function("nvrtcCompileProgram", FunctionDescriptor.of(INT, POINTER, INT, POINTER));
        nvrtcGetProgramLogSize = lib.function("nvrtcGetProgramLogSize", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetProgramLog = lib.function("nvrtcGetProgramLog", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetCUBINSize = lib.function("nvrtcGetCUBINSize", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetCUBIN = lib.function("nvrtcGetCUBIN", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetPTXSize = lib.function("nvrtcGetPTXSize", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetPTX = lib.function("nvrtcGetPTX", FunctionDescriptor.of(INT, POINTER, POINTER));
        nvrtcGetNumSupportedArchs = lib.function("nvrtcGetNumSupportedArchs", FunctionDescriptor.of(INT, POINTER));
        nvrtcGetSupportedArchs = lib.function("nvrtcGetSupportedArchs", FunctionDescriptor.of(INT, POINTER));
    }

    public NativeLibrary library() { return lib; }

    public void check(String call, int status) {
        if (status == NVRTC_SUCCESS) return;
        throw new CudaException("NVRTC call " + call + " failed: " + nvrtcGetErrorString(status) + " (" + status + ")", status);
    }

    public String nvrtcGetErrorString(int result) {
        try {
            return Native.string((MemorySegment) nvrtcGetErrorString.invoke(result), "NVRTC result " + result);
        } catch (Throwable t) {
            return "NVRTC result " + result;
        }
    }

    /** {@code {major, minor}}. */
    public int[] nvrtcVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(INT), minor = a.allocate(INT);
            check("nvrtcVersion", (int) nvrtcVersion.invoke(major, minor));
            return new int[] {major.get(INT, 0), minor.get(INT, 0)};
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcVersion", t); }
    }

    /** The architectures this NVRTC compiles for, ascending: {@code 75} for sm_75 (both calls of {@code nvrtc.h} in one). */
    public int[] nvrtcGetSupportedArchs() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(INT);
            check("nvrtcGetNumSupportedArchs", (int) nvrtcGetNumSupportedArchs.invoke(count));
            MemorySegment archs = a.allocate(INT, Math.max(1, count.get(INT, 0)));
            check("nvrtcGetSupportedArchs", (int) nvrtcGetSupportedArchs.invoke(archs));
            return archs.asSlice(0, count.get(INT, 0) * 4L).toArray(INT);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcGetSupportedArchs", t); }
    }

    /** A program from one source with no headers. */
    public MemorySegment nvrtcCreateProgram(String source, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("nvrtcCreateProgram", (int) nvrtcCreateProgram.invoke(out, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcCreateProgram", t); }
    }

    public void nvrtcDestroyProgram(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POINTER);
            p.set(POINTER, 0, program);
            check("nvrtcDestroyProgram", (int) nvrtcDestroyProgram.invoke(p));
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcDestroyProgram", t); }
    }

    /** Returns the raw result so the caller can attach the log to a compilation error. */
    public int nvrtcCompileProgram(MemorySegment program, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment array = a.allocate(POINTER, Math.max(1, options.size()));
            for (int i = 0; i < options.size(); i++) array.setAtIndex(POINTER, i, a.allocateFrom(options.get(i)));
            return (int) nvrtcCompileProgram.invoke(program, options.size(), array);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcCompileProgram", t); }
    }

    public String nvrtcGetProgramLog(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(LONG);
            check("nvrtcGetProgramLogSize", (int) nvrtcGetProgramLogSize.invoke(program, size));
            MemorySegment log = a.allocate(Math.max(1, size.get(LONG, 0)));
            check("nvrtcGetProgramLog", (int) nvrtcGetProgramLog.invoke(program, log));
            return log.getString(0);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcGetProgramLog", t); }
    }

    public byte[] nvrtcGetCUBIN(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(LONG);
            check("nvrtcGetCUBINSize", (int) nvrtcGetCUBINSize.invoke(program, size));
            MemorySegment out = a.allocate(Math.max(1, size.get(LONG, 0)));
            check("nvrtcGetCUBIN", (int) nvrtcGetCUBIN.invoke(program, out));
            return out.asSlice(0, size.get(LONG, 0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcGetCUBIN", t); }
    }

    /** PTX text including its terminating NUL (what {@code cuModuleLoadData} expects). */
    public byte[] nvrtcGetPTX(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(LONG);
            check("nvrtcGetPTXSize", (int) nvrtcGetPTXSize.invoke(program, size));
            MemorySegment out = a.allocate(Math.max(1, size.get(LONG, 0)));
            check("nvrtcGetPTX", (int) nvrtcGetPTX.invoke(program, out));
            return out.asSlice(0, size.get(LONG, 0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) { throw Native.failure("NVRTC", "nvrtcGetPTX", t); }
    }
}
