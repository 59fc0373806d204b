package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.myelin.cuda.ffm.Native.INT;
import static dev.myelin.cuda.ffm.Native.LONG;
import static dev.myelin.cuda.ffm.Native.POINTER;
import static dev.myelin.cuda.ffm.Native.FLOAT;

/**
 * The CUDA driver API ({@code cuda.h}, {@code libcuda.so.1}): one method per C function, same name
 * and argument order; output parameters become return values. Versioned symbols ({@code _v2}) are
 * the ones {@code cuda.h} maps the plain names to. Every {@code CUresult} is checked in {@link #check}.
 *
 * <p>Types: {@code CUdevice} is int; {@code CUdeviceptr} and {@code size_t} are long; handles
 * ({@code CUcontext}, {@code CUstream}, {@code CUmodule}, {@code CUfunction}, {@code CUevent}) are pointers.
 */
public final class CudaDriver {
    public static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public static final int CUDA_ERROR_NO_DEVICE = 100;
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    public static final int CU_STREAM_NON_BLOCKING = 1;
    public static final int CU_EVENT_DEFAULT = 0;

    private final NativeLibrary lib;
    private final MethodHandle cuGetErrorName, cuGetErrorString, cuInit, cuDriverGetVersion, cuDeviceGet, cuDeviceGetCount,
            cuDeviceGetName, cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease,
            cuCtxSetCurrent, cuMemGetInfo, cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemcpyDtoH, cuMemcpyHtoDAsync,
            cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD32Async, cuStreamCreate, cuStreamSynchronize, cuStreamDestroy,
            cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy, cuModuleLoadData,
            cuModuleUnload, cuModuleGetFunction, cuLaunchKernel;

    public CudaDriver(NativeLibrary lib) {
        this.lib = lib;
        cuGetErrorName = lib.function("cuGetErrorName", FunctionDescriptor.of(INT, INT, POINTER));
        cuGetErrorString = lib.function("cuGetErrorString", FunctionDescriptor.of(INT, INT, POINTER));
        cuInit = lib.function("cuInit", FunctionDescriptor.of(INT, INT));
        cuDriverGetVersion = lib.function("cuDriverGetVersion", FunctionDescriptor.of(INT, POINTER));
        cuDeviceGet = lib.function("cuDeviceGet", FunctionDescriptor.of(INT, POINTER, INT));
        cuDeviceGetCount = lib.function("cuDeviceGetCount", FunctionDescriptor.of(INT, POINTER));
        cuDeviceGetName = lib.function("cuDeviceGetName", FunctionDescriptor.of(INT, POINTER, INT, INT));
        cuDeviceGetAttribute = lib.function("cuDeviceGetAttribute", FunctionDescriptor.of(INT, POINTER, INT, INT));
        cuDeviceTotalMem = lib.function("cuDeviceTotalMem_v2", FunctionDescriptor.of(INT, POINTER, INT));
        cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(INT, POINTER, INT));
        cuDevicePrimaryCtxRelease = lib.firstFunction(FunctionDescriptor.of(INT, INT), "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease");
        cuCtxSetCurrent = lib.function("cuCtxSetCurrent", FunctionDescriptor.of(INT, POINTER));
        cuMemGetInfo = lib.function("cuMemGetInfo_v2", FunctionDescriptor.of(INT, POINTER, POINTER));
        cuMemAlloc = lib.function("cuMemAlloc_v2", FunctionDescriptor.of(INT, POINTER, LONG));
        cuMemFree = lib.function("cuMemFree_v2", FunctionDescriptor.of(INT, LONG));
        cuMemcpyHtoD = lib.function("cuMemcpyHtoD_v2", FunctionDescriptor.of(INT, LONG, POINTER, LONG));
        cuMemcpyDtoH = lib.function("cuMemcpyDtoH_v2", FunctionDescriptor.of(INT, POINTER, LONG, LONG));
        cuMemcpyHtoDAsync = lib.function("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(INT, LONG, POINTER, LONG, POINTER));
        cuMemcpyDtoHAsync = lib.function("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(INT, POINTER, LONG, LONG, POINTER));
        cuMemcpyDtoDAsync = lib.function("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(INT, LONG, LONG, LONG, POINTER));
        cuMemsetD32Async = lib.function("cuMemsetD32Async", FunctionDescriptor.of(INT, LONG, INT, LONG, POINTER));
        cuStreamCreate = lib.function("cuStreamCreate", FunctionDescriptor.of(INT, POINTER, INT));
        cuStreamSynchronize = lib.function("cuStreamSynchronize", FunctionDescriptor.of(INT, POINTER));
        cuStreamDestroy = lib.firstFunction(FunctionDescriptor.of(INT, POINTER), "cuStreamDestroy_v2", "cuStreamDestroy");
        cuEventCreate = lib.function("cuEventCreate", FunctionDescriptor.of(INT, POINTER, INT));
        cuEventRecord = lib.function("cuEventRecord", FunctionDescriptor.of(INT, POINTER, POINTER));
        cuEventSynchronize = lib.function("cuEventSynchronize", FunctionDescriptor.of(INT, POINTER));
        // CUDA 13's cuda.h maps cuEventElapsedTime to _v2; CUDA 12 drivers only have the plain one.
        cuEventElapsedTime = lib.firstFunction(FunctionDescriptor.of(INT, POINTER, POINTER, POINTER), "cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = lib.firstFunction(FunctionDescriptor.of(INT, POINTER), "cuEventDestroy_v2", "cuEventDestroy");
        cuModuleLoadData = lib.function("cuModuleLoadData", FunctionDescriptor.of(INT, POINTER, POINTER));
        cuModuleUnload = lib.function("cuModuleUnload", FunctionDescriptor.of(INT, POINTER));
        cuModuleGetFunction = lib.function("cuModuleGetFunction", FunctionDescriptor.of(INT, POINTER, POINTER, POINTER));
        cuLaunchKernel = lib.function("cuLaunchKernel", FunctionDescriptor.of(INT, POINTER, INT, INT, INT, INT, INT, INT, INT,
                POINTER, POINTER, POINTER));
    }

    public NativeLibrary library() { return lib; }

    /** Turns a {@code CUresult} into an exception naming the call, the status name and the driver's description. */
    public void check(String call, int status) {
        if (status == CUDA_SUCCESS) return;
        throw new CudaException("CUDA driver call " + call + " failed: " + cuGetErrorName(status) + " (" + status + "): "
                + cuGetErrorString(status), status);
    }

    public String cuGetErrorName(int error) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POINTER);
            int r = (int) cuGetErrorName.invoke(error, p);
            return r == CUDA_SUCCESS ? Native.string(p.get(POINTER, 0), "CUDA error " + error) : "CUDA error " + error;
        } catch (Throwable t) {
            return "CUDA error " + error;
        }
    }

    public String cuGetErrorString(int error) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POINTER);
            int r = (int) cuGetErrorString.invoke(error, p);
            return r == CUDA_SUCCESS ? Native.string(p.get(POINTER, 0), "unknown error") : "unknown error";
        } catch (Throwable t) {
            return "unknown error";
        }
    }

    public void cuInit(int flags) {
        try {
            check("cuInit", (int) cuInit.invoke(flags));
        } catch (Throwable t) { throw Native.failure("driver", "cuInit", t); }
    }

    /** The driver's CUDA version, e.g. 13000 for 13.0. */
    public int cuDriverGetVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT);
            check("cuDriverGetVersion", (int) cuDriverGetVersion.invoke(out));
            return out.get(INT, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDriverGetVersion", t); }
    }

    public int cuDeviceGetCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT);
            check("cuDeviceGetCount", (int) cuDeviceGetCount.invoke(out));
            return out.get(INT, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDeviceGetCount", t); }
    }

    public int cuDeviceGet(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT);
            check("cuDeviceGet", (int) cuDeviceGet.invoke(out, ordinal));
            return out.get(INT, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDeviceGet", t); }
    }

    public String cuDeviceGetName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(256);
            check("cuDeviceGetName", (int) cuDeviceGetName.invoke(out, 256, device));
            return out.getString(0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDeviceGetName", t); }
    }

    public int cuDeviceGetAttribute(int attribute, int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(INT);
            check("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invoke(out, attribute, device));
            return out.get(INT, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDeviceGetAttribute", t); }
    }

    public long cuDeviceTotalMem(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(LONG);
            check("cuDeviceTotalMem_v2", (int) cuDeviceTotalMem.invoke(out, device));
            return out.get(LONG, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDeviceTotalMem_v2", t); }
    }

    public MemorySegment cuDevicePrimaryCtxRetain(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cuDevicePrimaryCtxRetain", (int) cuDevicePrimaryCtxRetain.invoke(out, device));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuDevicePrimaryCtxRetain", t); }
    }

    public void cuDevicePrimaryCtxRelease(int device) {
        try {
            check("cuDevicePrimaryCtxRelease", (int) cuDevicePrimaryCtxRelease.invoke(device));
        } catch (Throwable t) { throw Native.failure("driver", "cuDevicePrimaryCtxRelease", t); }
    }

    public void cuCtxSetCurrent(MemorySegment context) {
        try {
            check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invoke(context));
        } catch (Throwable t) { throw Native.failure("driver", "cuCtxSetCurrent", t); }
    }

    /** {@code {free, total}} bytes of the current context's device. */
    public long[] cuMemGetInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(LONG), total = a.allocate(LONG);
            check("cuMemGetInfo_v2", (int) cuMemGetInfo.invoke(free, total));
            return new long[] {free.get(LONG, 0), total.get(LONG, 0)};
        } catch (Throwable t) { throw Native.failure("driver", "cuMemGetInfo_v2", t); }
    }

    /** Device memory; the status is returned unchecked so the allocator can handle out-of-memory itself. */
    public long cuMemAlloc(long bytes, int[] status) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(LONG);
            status[0] = (int) cuMemAlloc.invoke(out, bytes);
            return status[0] == CUDA_SUCCESS ? out.get(LONG, 0) : 0;
        } catch (Throwable t) { throw Native.failure("driver", "cuMemAlloc_v2", t); }
    }

    public void cuMemFree(long pointer) {
        try {
            check("cuMemFree_v2", (int) cuMemFree.invoke(pointer));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemFree_v2", t); }
    }

    public void cuMemcpyHtoD(long dst, MemorySegment src, long bytes) {
        try {
            check("cuMemcpyHtoD_v2", (int) cuMemcpyHtoD.invoke(dst, src, bytes));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemcpyHtoD_v2", t); }
    }

    public void cuMemcpyDtoH(MemorySegment dst, long src, long bytes) {
        try {
            check("cuMemcpyDtoH_v2", (int) cuMemcpyDtoH.invoke(dst, src, bytes));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemcpyDtoH_v2", t); }
    }

    public void cuMemcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyHtoDAsync_v2", (int) cuMemcpyHtoDAsync.invoke(dst, src, bytes, stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemcpyHtoDAsync_v2", t); }
    }

    public void cuMemcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyDtoHAsync_v2", (int) cuMemcpyDtoHAsync.invoke(dst, src, bytes, stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemcpyDtoHAsync_v2", t); }
    }

    public void cuMemcpyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyDtoDAsync_v2", (int) cuMemcpyDtoDAsync.invoke(dst, src, bytes, stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemcpyDtoDAsync_v2", t); }
    }

    /** Sets {@code count} 32-bit words to {@code value} (the bits of a float, for fills). */
    public void cuMemsetD32Async(long dst, int value, long count, MemorySegment stream) {
        try {
            check("cuMemsetD32Async", (int) cuMemsetD32Async.invoke(dst, value, count, stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuMemsetD32Async", t); }
    }

    public MemorySegment cuStreamCreate(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cuStreamCreate", (int) cuStreamCreate.invoke(out, flags));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuStreamCreate", t); }
    }

    public void cuStreamSynchronize(MemorySegment stream) {
        try {
            check("cuStreamSynchronize", (int) cuStreamSynchronize.invoke(stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuStreamSynchronize", t); }
    }

    public void cuStreamDestroy(MemorySegment stream) {
        try {
            check("cuStreamDestroy", (int) cuStreamDestroy.invoke(stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuStreamDestroy", t); }
    }

    public MemorySegment cuEventCreate(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cuEventCreate", (int) cuEventCreate.invoke(out, flags));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuEventCreate", t); }
    }

    public void cuEventRecord(MemorySegment event, MemorySegment stream) {
        try {
            check("cuEventRecord", (int) cuEventRecord.invoke(event, stream));
        } catch (Throwable t) { throw Native.failure("driver", "cuEventRecord", t); }
    }

    public void cuEventSynchronize(MemorySegment event) {
        try {
            check("cuEventSynchronize", (int) cuEventSynchronize.invoke(event));
        } catch (Throwable t) { throw Native.failure("driver", "cuEventSynchronize", t); }
    }

    /** Milliseconds between two recorded events. */
    public float cuEventElapsedTime(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(FLOAT);
            check("cuEventElapsedTime", (int) cuEventElapsedTime.invoke(out, start, end));
            return out.get(FLOAT, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuEventElapsedTime", t); }
    }

    public void cuEventDestroy(MemorySegment event) {
        try {
            check("cuEventDestroy", (int) cuEventDestroy.invoke(event));
        } catch (Throwable t) { throw Native.failure("driver", "cuEventDestroy", t); }
    }

    /** Loads a CUBIN or NUL-terminated PTX image into the current context. */
    public MemorySegment cuModuleLoadData(MemorySegment image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cuModuleLoadData", (int) cuModuleLoadData.invoke(out, image));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuModuleLoadData", t); }
    }

    public void cuModuleUnload(MemorySegment module) {
        try {
            check("cuModuleUnload", (int) cuModuleUnload.invoke(module));
        } catch (Throwable t) { throw Native.failure("driver", "cuModuleUnload", t); }
    }

    public MemorySegment cuModuleGetFunction(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(POINTER);
            check("cuModuleGetFunction(" + name + ")", (int) cuModuleGetFunction.invoke(out, module, a.allocateFrom(name)));
            return out.get(POINTER, 0);
        } catch (Throwable t) { throw Native.failure("driver", "cuModuleGetFunction", t); }
    }

    /** {@code kernelParams} is an array of pointers, one per kernel argument, each to the argument's value. */
    public void cuLaunchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                               int sharedMemBytes, MemorySegment stream, MemorySegment kernelParams, MemorySegment extra) {
        try {
            check("cuLaunchKernel", (int) cuLaunchKernel.invoke(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                    sharedMemBytes, stream, kernelParams, extra));
        } catch (Throwable t) { throw Native.failure("driver", "cuLaunchKernel", t); }
    }
}
