package dev.myelin.cuda;

import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.backend.Backends;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.cuda.ffm.CudaDriver;
import dev.myelin.cuda.ffm.CudaException;
import dev.myelin.cuda.ffm.Cublas;
import dev.myelin.cuda.ffm.Cudnn;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.cuda.ffm.LibrarySpec;
import dev.myelin.cuda.ffm.NativeLibrary;
import dev.myelin.cuda.ffm.Nvrtc;
import dev.myelin.cuda.ffm.RealLibraries;
import dev.myelin.cuda.ffm.RealLibraries.Call;
import dev.myelin.cuda.ffm.RealLibraries.Recorder;
import dev.myelin.cuda.kernel.KernelSources;
import dev.myelin.cuda.kernel.KernelTarget;
import dev.myelin.cuda.kernel.NvrtcCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend against the real NVIDIA libraries, on a machine without a GPU: run by
 * {@code ./myelin test --real-cuda-libs}, which fetches them and lists their folders in
 * {@code MYELIN_CUDA_PATH} (see docs/GPU.md). What it covers is found, not listed: the binding
 * classes of {@code dev.myelin.cuda.ffm}, the kernel modules and the kernels {@link DeviceKernels}
 * launches, the architectures each NVRTC knows, the cuDNN setters the binding has, so what a new op
 * adds is checked without touching this file (or fails saying what to add to it).
 */
@Tag("real-cuda-libs")
class RealCudaLibrariesTest {
    /** The library each binding class binds; a binding missing here fails its check. */
    private static final Map<String, LibrarySpec> LIBRARY_OF = Map.of(
            "CudaDriver", LibrarySpec.DRIVER, "Cublas", LibrarySpec.CUBLAS, "Cudnn", LibrarySpec.CUDNN, "Nvrtc", LibrarySpec.NVRTC);
    /** The architectures always compiled for (Turing to Hopper); every newer one an NVRTC knows is added. */
    private static final int[] BASE_ARCHS = {75, 80, 86, 89, 90};
    /** Devices newer than NVRTC 12.6 knows (Blackwell): the kernels must come as PTX for the driver to JIT. */
    private static final int[] NEWER_DEVICES = {100, 120};
    private static final List<Path> FOLDERS = LibraryFinder.parsePathList(System.getenv(LibraryFinder.OVERRIDE));

    private static int passed, failed;

    /** One real library file: which spec, the folder holding it, its soname. */
    private record Real(LibrarySpec spec, Path folder, String soname) {
        NativeLibrary load(Recorder recorder) throws Exception { return RealLibraries.load(spec, folder, recorder); }

        @Override
        public String toString() { return soname + " in " + folder; }
    }

    /** Every file of {@code spec} in the folders of MYELIN_CUDA_PATH. */
    private static List<Real> reals(LibrarySpec spec) {
        List<Real> out = new ArrayList<>();
        for (Path f : FOLDERS) RealLibraries.sonameIn(spec, f).ifPresent(s -> out.add(new Real(spec, f, s)));
        return out;
    }

    /** A check: prints {@code ok NAME: detail} or {@code FAILED NAME: why}, and counts it. */
    private static DynamicTest check(String name, ThrowingSupplier<String> body) {
        return DynamicTest.dynamicTest(name, () -> {
            try {
                String detail = body.get();
                passed++;
                System.out.println("ok     " + name + (detail == null || detail.isEmpty() ? "" : ": " + detail));
            } catch (Throwable t) {
                failed++;
                System.out.println("FAILED " + name + ": " + t);
                throw t;
            }
        });
    }

    /** A check that some real library is there at all (the profile's setup went wrong otherwise). */
    private static List<Real> present(LibrarySpec spec, List<DynamicNode> out) {
        List<Real> reals = reals(spec);
        if (reals.isEmpty()) {
            out.add(check(spec.what() + " is in MYELIN_CUDA_PATH", () -> {
                throw new AssertionError("none of " + spec.sonames() + " in " + FOLDERS + " (MYELIN_CUDA_PATH); run ./myelin test --real-cuda-libs");
            }));
        }
        return reals;
    }

    @AfterAll
    static void summary() {
        System.out.println(passed + " passed, " + failed + " failed");
    }

    // ---- bindings ----------------------------------------------------------------------------------

    @TestFactory
    List<DynamicNode> everySymbolOfEveryBindingResolvesInItsRealLibrary() {
        List<DynamicNode> out = new ArrayList<>();
        List<Class<?>> bindings = RealLibraries.bindingClasses();
        out.add(check("the binding classes are found", () -> {
            assertTrue(bindings.size() >= 4, "binding classes: " + bindings);
            return bindings.stream().map(Class::getSimpleName).toList().toString();
        }));
        for (Class<?> binding : bindings) {
            LibrarySpec spec = LIBRARY_OF.get(binding.getSimpleName());
            if (spec == null) {
                out.add(check("binding " + binding.getSimpleName() + " has a library", () -> {
                    throw new AssertionError("add the LibrarySpec of " + binding.getName() + " to RealCudaLibrariesTest.LIBRARY_OF");
                }));
                continue;
            }
            for (Real real : present(spec, out)) {
                out.add(check("binding " + binding.getSimpleName() + " resolves every symbol in " + real, () -> {
                    Recorder recorder = new Recorder();
                    NativeLibrary lib = real.load(recorder);
                    try {
                        binding.getConstructor(NativeLibrary.class).newInstance(lib);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();   // names the missing symbol and the library
                    }
                    List<String> found = recorder.lookups().stream().filter(RealLibraries.Lookup::found).map(RealLibraries.Lookup::symbol).toList();
                    List<String> absent = recorder.lookups().stream().filter(l -> !l.found()).map(RealLibraries.Lookup::symbol).toList();
                    return found.size() + " symbols " + found + (absent.isEmpty() ? "" : "; absent, the binding falls back: " + absent);
                }));
            }
        }
        return out;
    }

    // ---- kernels -----------------------------------------------------------------------------------

    /** The kernels the backend launches: DeviceKernels has one wrapper per kernel, named after it. */
    static Set<String> launchedKernels() {
        Set<String> out = new TreeSet<>();
        for (var m : DeviceKernels.class.getDeclaredMethods()) {
            if (!Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()
                    && !m.getName().equals("close")) {
                out.add(m.getName());
            }
        }
        return out;
    }

    private static Map<String, List<String>> declaredKernels() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String module : KernelSources.MODULES) out.put(module, DeviceKernels.kernelNames(KernelSources.source(module)));
        return out;
    }

    @TestFactory
    List<DynamicNode> nvrtcCompilesEveryKernelForEveryArchitecture() {
        List<DynamicNode> out = new ArrayList<>();
        Set<String> launched = launchedKernels();
        Map<String, List<String>> declared = declaredKernels();
        out.add(check("every kernel source is a module the backend loads", () -> {
            Set<String> files = KernelSourceFiles.modules();
            assertEquals(files, new TreeSet<>(KernelSources.MODULES), "the .cu files under dev/myelin/cuda/kernels against KernelSources.MODULES");
            return files.toString();
        }));
        out.add(check("every kernel the backend launches is declared extern \"C\" in a source", () -> {
            Set<String> all = new TreeSet<>();
            declared.values().forEach(all::addAll);
            Set<String> missing = new TreeSet<>(launched);
            missing.removeAll(all);
            if (!missing.isEmpty()) throw new AssertionError("DeviceKernels launches " + missing + ", declared in no kernel source");
            return launched.size() + " kernels";
        }));
        for (Real real : present(LibrarySpec.NVRTC, out)) {
            Nvrtc nvrtc;
            int[] known;
            try {
                nvrtc = new Nvrtc(real.load(new Recorder()));
                known = nvrtc.nvrtcGetSupportedArchs();
            } catch (Exception | LinkageError e) {
                out.add(check("NVRTC loads from " + real, () -> { throw e; }));
                continue;
            }
            NvrtcCompiler compiler = new NvrtcCompiler(nvrtc);
            String which = compiler.version().replace("nvrtc", "NVRTC");
            int newest = Arrays.stream(known).max().orElse(0);
            int[] targets = IntStream.concat(Arrays.stream(BASE_ARCHS), Arrays.stream(known).filter(a -> a > 90)).distinct().sorted().toArray();
            out.add(check(which + " (" + real + ") knows sm_75 to sm_90", () -> {
                for (int a : BASE_ARCHS) assertTrue(Arrays.stream(known).anyMatch(k -> k == a), which + " knows " + Arrays.toString(known));
                return "it knows " + Arrays.toString(known);
            }));
            for (int arch : targets) {
                KernelTarget target = new KernelTarget(arch, arch, false);
                Set<String> inCubins = new TreeSet<>();
                for (var module : declared.entrySet()) {
                    out.add(check(which + " compiles " + module.getKey() + ".cu for sm_" + arch + ", every kernel in the CUBIN", () -> {
                        byte[] cubin = compiler.compile(module.getKey() + ".cu", KernelSources.source(module.getKey()), target.options());
                        Set<String> symbols = CubinSymbols.functions(cubin);
                        inCubins.addAll(symbols);
                        List<String> missing = module.getValue().stream().filter(k -> !symbols.contains(k)).toList();
                        if (!missing.isEmpty()) throw new AssertionError("not in the CUBIN of " + module.getKey() + ".cu: " + missing + "; it has " + symbols);
                        return module.getValue().size() + " kernels, " + cubin.length + " bytes";
                    }));
                }
                out.add(check(which + ": every kernel the backend launches is in a CUBIN for sm_" + arch, () -> {
                    Set<String> missing = new TreeSet<>(launched);
                    missing.removeAll(inCubins);
                    if (!missing.isEmpty()) throw new AssertionError("DeviceKernels launches " + missing + ", in no CUBIN for sm_" + arch);
                    return launched.size() + " kernels";
                }));
            }
            for (int device : NEWER_DEVICES) {
                if (Arrays.stream(known).anyMatch(k -> k == device)) continue;
                out.add(check(which + " asked for sm_" + device + " builds PTX for compute_" + newest + " holding every launched kernel", () -> {
                    KernelTarget target = compiler.target(device / 10, device % 10);
                    assertTrue(target.ptx(), "a PTX target for sm_" + device + ": " + target);
                    assertEquals(newest, target.arch(), "the newest architecture " + which + " knows");
                    assertTrue(target.note().contains("compute_" + newest) && target.note().contains("sm_" + device), target.note());
                    Set<String> entries = new TreeSet<>();
                    for (String module : declared.keySet()) {
                        String ptx = new String(compiler.compile(module + ".cu", KernelSources.source(module), target.options()), StandardCharsets.US_ASCII);
                        assertTrue(ptx.contains(".target sm_" + newest), module + ".cu's PTX targets sm_" + newest);
                        ptx.lines().map(String::trim).filter(l -> l.startsWith(".visible .entry ") || l.startsWith(".entry "))
                                .forEach(l -> entries.add(l.replaceAll(".*\\.entry\\s+([A-Za-z_0-9]+).*", "$1")));
                    }
                    Set<String> missing = new TreeSet<>(launched);
                    missing.removeAll(entries);
                    if (!missing.isEmpty()) throw new AssertionError("no .entry in the PTX for " + missing);
                    return target.options().getFirst() + ", " + entries.size() + " entries; startup line: " + target.note();
                }));
            }
        }
        return out;
    }

    // ---- cuDNN descriptors ---------------------------------------------------------------------------

    @TestFactory
    List<DynamicNode> everyCudnnDescriptorTheBackendBuildsReadsBack() {
        List<DynamicNode> out = new ArrayList<>();
        for (Real real : present(LibrarySpec.CUDNN, out)) {
            Recorder recorder = new Recorder();
            NativeLibrary lib;
            Cudnn cudnn;
            try {
                lib = real.load(recorder);
                cudnn = new Cudnn(lib);
            } catch (Exception | LinkageError e) {
                out.add(check("cuDNN loads from " + real, () -> { throw e; }));
                continue;
            }
            String which = "cuDNN " + cudnn.cudnnGetVersion();
            Set<String> exercised = new TreeSet<>();
            long[] created = {0};
            // No device, so no handle: the plans are built the backend's way, with the algorithms left unchosen.
            CudnnConvolution convolution = new CudnnConvolution(cudnn, MemorySegment.NULL, null, null, false, null, null);
            CudnnPooling pooling = new CudnnPooling(cudnn, MemorySegment.NULL, null, null, null);
            // distinct: valid and same coincide for some (a 1x1 kernel), and a plan is made once per geometry
            List<Conv2dGeometry> convs = java.util.stream.Stream.of(GpuGeometries.convolutions(), GpuGeometries.asymmetricConvolutions(),
                    GpuGeometries.dilatedAndGroupedConvolutions()).flatMap(List::stream).distinct().toList();
            for (Conv2dGeometry g : convs) {
                out.add(check(which + " reads back the convolution descriptors of " + g + ", its output size the CPU's", () -> {
                    recorder.clearCalls();
                    CudnnConvolution.Plan p = convolution.plan(g);
                    // every math type the backend may set (ConvolutionAlgorithms), last the one it sets with TF32 off
                    for (int m : new int[] {Cudnn.CUDNN_DEFAULT_MATH, Cudnn.CUDNN_TENSOR_OP_MATH, Cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION,
                            Cudnn.CUDNN_FMA_MATH}) {
                        cudnn.cudnnSetConvolutionMathType(p.convDesc, m);
                    }
                    int[] nchw = cudnn.cudnnGetConvolution2dForwardOutputDim(p.convDesc, p.xDesc, p.wDesc);
                    assertEquals(List.of(g.batch(), g.outC(), g.outH(), g.outW()), Arrays.stream(nchw).boxed().toList(),
                            "cudnnGetConvolution2dForwardOutputDim against Conv2dGeometry's (n, c, h, w)");
                    return readBack(lib, recorder, exercised, created) + "; output " + Arrays.toString(nchw);
                }));
            }
            for (PoolMode mode : PoolMode.values()) {
                for (Pool2dGeometry g : GpuGeometries.pools().stream().distinct().toList()) {
                    if (!g.symmetricPadding()) continue;   // asymmetric padding runs pool.cu, no cuDNN descriptor
                    out.add(check(which + " reads back the " + mode + " pooling descriptors of " + g + ", its output size the CPU's", () -> {
                        recorder.clearCalls();
                        CudnnPooling.Plan p = pooling.plan(mode, g);
                        int[] nchw = cudnn.cudnnGetPooling2dForwardOutputDim(p.pool(), p.xDesc());
                        assertEquals(List.of(g.batch(), g.channels(), g.outH(), g.outW()), Arrays.stream(nchw).boxed().toList(),
                                "cudnnGetPooling2dForwardOutputDim against Pool2dGeometry's (n, c, h, w)");
                        return readBack(lib, recorder, exercised, created) + "; output " + Arrays.toString(nchw);
                    }));
                }
            }
            CudnnBatchNorm batchNorm = new CudnnBatchNorm(cudnn, MemorySegment.NULL, null, null);
            for (dev.myelin.tensor.Shape s : GpuGeometries.BATCH_NORM_SHAPES) {
                int channels = s.dim(-1), rows = s.sizeAsInt() / channels;
                out.add(check(which + " reads back the batch-normalization descriptors of " + s, () -> {
                    recorder.clearCalls();
                    batchNorm.plan(rows, channels);
                    return readBack(lib, recorder, exercised, created);
                }));
            }
            out.add(check(which + ": every descriptor the plans created is destroyed when they close", () -> {
                recorder.clearCalls();
                convolution.close();
                pooling.close();
                batchNorm.close();
                long destroyed = recorder.calls().stream().filter(c -> c.symbol().matches("cudnnDestroy\\w*Descriptor")).count();
                assertEquals(created[0], destroyed, "descriptors destroyed against created");
                return destroyed + " of " + created[0] + " destroyed";
            }));
            out.add(check(which + ": every descriptor setter the binding has is exercised above", () -> {
                Set<String> bound = new TreeSet<>();
                for (RealLibraries.Lookup l : recorder.lookups()) {
                    if (l.found() && (l.symbol().matches("cudnnCreate\\w*Descriptor") || l.symbol().matches("cudnnSet\\w+"))
                            && !l.symbol().equals("cudnnSetStream")) {
                        bound.add(l.symbol());
                    }
                }
                Set<String> missed = new TreeSet<>(bound);
                missed.removeAll(exercised);
                if (!missed.isEmpty()) {
                    throw new AssertionError("bound but built by no check here: " + missed + "; add the backend's plan that uses them "
                            + "to RealCudaLibrariesTest.everyCudnnDescriptorTheBackendBuildsReadsBack");
                }
                return bound.toString();
            }));
        }
        return out;
    }

    /**
     * Reads back the setter calls recorded since the last clear (the last of each setter on each
     * descriptor: that is what the descriptor holds); returns a summary.
     */
    private static String readBack(NativeLibrary lib, Recorder recorder, Set<String> exercised, long[] created) throws Throwable {
        Map<String, Call> last = new LinkedHashMap<>();
        for (Call c : recorder.calls()) {
            exercised.add(c.symbol());
            if (c.symbol().matches("cudnnCreate\\w*Descriptor")) created[0]++;
            if (DescriptorReadback.isSetter(c)) last.put(c.symbol() + "@" + ((MemorySegment) c.args().getFirst()).address(), c);
        }
        if (last.isEmpty()) throw new AssertionError("the plan set no descriptor");
        for (Call c : last.values()) DescriptorReadback.check(lib, c);
        return last.size() + " setters read back";
    }

    // ---- versions, handles and the driver without a device -------------------------------------------

    @TestFactory
    List<DynamicNode> versionsHandlesAndTheDriverWithoutADevice() {
        List<DynamicNode> out = new ArrayList<>();
        for (Real real : present(LibrarySpec.CUBLAS, out)) {
            out.add(check("cuBLAS (" + real + ") reports its version", () -> {
                Cublas cublas = new Cublas(real.load(new Recorder()));
                int v = cublas.cublasGetVersion_v2(MemorySegment.NULL);
                assertEquals(real.soname().substring(real.soname().lastIndexOf('.') + 1), String.valueOf(v / 10000), "major of " + v);
                return v / 10000 + "." + v / 100 % 100 + "." + v % 100;
            }));
            out.add(check("cublasCreate_v2 (" + real + ") fails without a GPU, named", () -> {
                Cublas cublas = new Cublas(real.load(new Recorder()));
                CudaException e = assertThrows(CudaException.class, cublas::cublasCreate_v2);
                assertEquals(1, e.status(), "CUBLAS_STATUS_NOT_INITIALIZED: " + e.getMessage());
                // cublasGetStatusString's words for CUBLAS_STATUS_NOT_INITIALIZED
                assertTrue(e.getMessage().contains("cublasCreate_v2") && e.getMessage().contains("not initialized"), e.getMessage());
                return e.getMessage();
            }));
        }
        for (Real real : present(LibrarySpec.CUDNN, out)) {
            out.add(check("cuDNN (" + real + ") reports its version; cudnnCreate fails without a GPU, named", () -> {
                Cudnn cudnn = new Cudnn(real.load(new Recorder()));
                long v = cudnn.cudnnGetVersion();
                assertEquals(9, v / 10000, "cuDNN 9: " + v);
                CudaException e = assertThrows(CudaException.class, cudnn::cudnnCreate);
                assertEquals(1001, e.status(), "CUDNN_STATUS_NOT_INITIALIZED: " + e.getMessage());
                assertTrue(e.getMessage().contains("CUDNN_STATUS_NOT_INITIALIZED"), e.getMessage());
                return "cuDNN " + v / 10000 + "." + v / 100 % 100 + "." + v % 100 + "; " + e.getMessage();
            }));
        }
        String noDevice = "cuInit failed: CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected";
        for (Real real : present(LibrarySpec.DRIVER, out)) {
            out.add(check("the driver (" + real + ") reports its CUDA version; cuInit fails with no device", () -> {
                CudaDriver driver = new CudaDriver(real.load(new Recorder()));
                int v = driver.cuDriverGetVersion();
                CudaException e = assertThrows(CudaException.class, () -> driver.cuInit(0));
                assertEquals(CudaDriver.CUDA_ERROR_NO_DEVICE, e.status(), e.getMessage());
                assertTrue(e.getMessage().contains(noDevice), e.getMessage());
                return "CUDA " + v / 1000 + "." + v % 1000 / 10 + "; " + e.getMessage();
            }));
        }
        out.add(check("the backend's start fails with the documented message", () -> {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> CudaBackend.start(CudaOptions.fromSystem(), LibraryFinder.system()));
            assertTrue(e.getMessage().startsWith("the NVIDIA driver (libcuda.so.1 from ") && e.getMessage().contains(noDevice), e.getMessage());
            return e.getMessage();
        }));
        out.add(check("forcing cuda is an error carrying it; with nothing forced the CPU runs and says why", () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("cuda"));
            assertTrue(e.getMessage().startsWith("backend 'cuda' was requested but cannot start: the NVIDIA driver")
                    && e.getMessage().contains(noDevice), e.getMessage());
            Backends.Selection s = Backends.select(null);
            try {
                assertEquals("cpu", s.backend().name());
                assertTrue(s.fellBack() && s.reason().contains("cuda unavailable: the NVIDIA driver") && s.reason().contains("CUDA_ERROR_NO_DEVICE"),
                        s.reason());
            } finally {
                s.backend().close();
            }
            return e.getMessage();
        }));
        return out;
    }
}
