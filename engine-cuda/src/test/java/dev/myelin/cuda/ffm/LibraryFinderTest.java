package dev.myelin.cuda.ffm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery over fake folders: files are empty stand-ins, so only where they are found is checked, never loading. */
class LibraryFinderTest {
    private static final LibraryFinder.Loader NOTHING_ON_LOADER_PATH = soname -> Optional.empty();

    @TempDir
    Path root;

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    private LibraryFinder finder(Map<String, String> env) {
        return new LibraryFinder(env, root.resolve("home"), List.of(root.resolve("usr/lib"), root.resolve("usr/local/lib")),
                List.of(root.resolve("usr/local/cuda")), NOTHING_ON_LOADER_PATH);
    }

    @Test
    void overrideIsAColonSeparatedListWithBlanksSkipped() {
        assertEquals(List.of(Path.of("/a"), Path.of("/b c"), Path.of("/d")), LibraryFinder.parsePathList("/a::/b c: :/d:"));
        assertEquals(List.of(), LibraryFinder.parsePathList(null));
        LibraryFinder f = finder(Map.of("MYELIN_CUDA_PATH", "/opt/x:/opt/y"));
        assertEquals(List.of(Path.of("/opt/x"), Path.of("/opt/y")), f.overridePlaces().stream().map(LibraryFinder.Place::folder).toList());
    }

    @Test
    void findsCudnnAndCublasInTheNvidiaFoldersOfAVirtualEnvWheel() throws IOException {
        Path site = root.resolve("venv/lib/python3.12/site-packages");
        Path cudnn = touch(site.resolve("nvidia/cudnn/lib/libcudnn.so.9"));
        Path cublas = touch(site.resolve("nvidia/cublas/lib/libcublas.so.12"));
        LibraryFinder f = finder(Map.of("VIRTUAL_ENV", root.resolve("venv").toString()));
        assertEquals(List.of(site), f.sitePackages());
        assertEquals(cudnn, f.fileCandidates(LibrarySpec.CUDNN, f.installPlaces()).getFirst().file());
        LibraryFinder.Candidate c = f.fileCandidates(LibrarySpec.CUBLAS, f.installPlaces()).getFirst();
        assertEquals(cublas, c.file());
        assertEquals("libcublas.so.12", c.soname());
        assertTrue(c.place().origin().contains(site.toString()), c.place().origin());
    }

    @Test
    void findsTheCuda13WheelLayoutUnderUserSiteAndDistPackages() throws IOException {
        Path user = root.resolve("home/.local/lib/python3.11/site-packages");
        Path system = root.resolve("usr/lib/python3/dist-packages");
        Path nvrtc = touch(user.resolve("nvidia/cu13/lib/libnvrtc.so.13"));
        touch(system.resolve("nvidia/cuda_nvrtc/lib/libnvrtc.so.12"));
        LibraryFinder f = finder(Map.of());
        assertEquals(List.of(user, system), f.sitePackages());
        List<LibraryFinder.Candidate> found = f.fileCandidates(LibrarySpec.NVRTC, f.installPlaces());
        assertEquals(2, found.size());
        assertEquals(nvrtc, found.getFirst().file(), "~/.local comes before the system's site-packages");
    }

    @Test
    void cudaHomeComesBeforeUsrLocalCudaWhichComesBeforeWheels() throws IOException {
        Path cudaHome = root.resolve("opt/cuda-12.8");
        touch(cudaHome.resolve("targets/x86_64-linux/lib/libcublas.so.12"));
        touch(root.resolve("usr/local/cuda/lib64/libcublas.so.13"));
        touch(root.resolve("usr/lib/python3.11/site-packages/nvidia/cublas/lib/libcublas.so.12"));
        LibraryFinder f = finder(Map.of("CUDA_HOME", cudaHome.toString()));
        List<Path> files = f.fileCandidates(LibrarySpec.CUBLAS, f.installPlaces()).stream().map(LibraryFinder.Candidate::file).toList();
        assertEquals(3, files.size(), files.toString());
        assertTrue(files.get(0).startsWith(cudaHome));
        assertTrue(files.get(1).startsWith(root.resolve("usr/local/cuda")));
        assertTrue(files.get(2).toString().contains("site-packages"));
    }

    @Test
    void pythonPathEntriesAreSearchedAsSitePackages() throws IOException {
        Path extra = root.resolve("extra");
        Path lib = touch(extra.resolve("nvidia/cudnn/lib/libcudnn.so.9"));
        LibraryFinder f = finder(Map.of("PYTHONPATH", extra + ":" + root.resolve("missing")));
        assertEquals(List.of(extra), f.sitePackages());
        assertEquals(lib, f.fileCandidates(LibrarySpec.CUDNN, f.installPlaces()).getFirst().file());
    }

    @Test
    void aMissingLibraryIsAnErrorListingEveryPlaceLookedAndWhatToDo() throws IOException {
        Files.createDirectories(root.resolve("usr/lib/python3.11/site-packages"));
        Map<String, String> env = new HashMap<>();
        env.put("MYELIN_CUDA_PATH", root.resolve("my/cuda").toString());
        env.put("LD_LIBRARY_PATH", "/somewhere");
        LibraryNotFoundException e = assertThrows(LibraryNotFoundException.class, () -> finder(env).load(LibrarySpec.DRIVER));
        String m = e.getMessage();
        assertTrue(m.startsWith("libcuda.so.1 (the NVIDIA driver) was not found"), m);
        assertTrue(m.contains(root.resolve("my/cuda") + " (MYELIN_CUDA_PATH)"), m);
        assertTrue(m.contains("the loader path (LD_LIBRARY_PATH=/somewhere"), m);
        assertTrue(m.contains(root.resolve("usr/local/cuda/lib64").toString()), m);
        assertTrue(m.contains("site-packages/nvidia/*/lib (none)"), m);
        assertTrue(m.contains("install the NVIDIA driver"), m);
        assertTrue(e.placesLooked().size() >= 5, e.placesLooked().toString());
    }

    @Test
    void aFileThatExistsButDoesNotLoadIsReportedWithItsError() throws IOException {
        Path bogus = touch(root.resolve("my/cuda/libcuda.so.1"));   // empty: dlopen refuses it
        LibraryNotFoundException e = assertThrows(LibraryNotFoundException.class,
                () -> finder(Map.of("MYELIN_CUDA_PATH", bogus.getParent().toString())).load(LibrarySpec.DRIVER));
        assertTrue(e.getMessage().contains("Found but could not load: " + bogus), e.getMessage());
    }

    @Test
    void majorVersionOfASoname() {
        assertEquals("13", LibrarySpec.major("libcublas.so.13"));
        assertEquals("9", LibrarySpec.major("libcudnn.so.9"));
    }
}
