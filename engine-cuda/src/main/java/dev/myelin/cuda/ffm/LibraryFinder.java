package dev.myelin.cuda.ffm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds CUDA libraries by probing their sonames, in this order:
 * <ol>
 *   <li>{@code MYELIN_CUDA_PATH}, a colon-separated list of folders (the user's override);</li>
 *   <li>the loader path (a plain {@code dlopen} of the soname: LD_LIBRARY_PATH, ld.so.cache, system folders);</li>
 *   <li>{@code CUDA_HOME} (or {@code CUDA_PATH}) and {@code /usr/local/cuda}: {@code lib64}, {@code lib}, {@code targets/x86_64-linux/lib};</li>
 *   <li>the {@code nvidia/*}{@code /lib} folders of Python wheels (how PyTorch users have cuBLAS and cuDNN), in the
 *       site-packages of system Pythons, {@code ~/.local}, pyenv, {@code VIRTUAL_ENV}, {@code CONDA_PREFIX} and {@code PYTHONPATH}.</li>
 * </ol>
 * Every place is recorded so that a failure can list them.
 */
public final class LibraryFinder {
    public static final String OVERRIDE = "MYELIN_CUDA_PATH";

    /** Opens a library by soname through the dynamic loader; empty when the loader has none. */
    public interface Loader {
        Optional<NativeLibrary> open(String soname);
    }

    /** A folder to probe, and why it is on the list. */
    public record Place(String origin, Path folder) {
        @Override
        public String toString() { return folder + " (" + origin + ")"; }
    }

    private final Map<String, String> env;
    private final Path home;
    private final List<Path> pythonLibParents;
    private final List<Path> cudaDefaults;
    private final Loader loader;

    public LibraryFinder(Map<String, String> env, Path home, List<Path> pythonLibParents, List<Path> cudaDefaults, Loader loader) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.pythonLibParents = List.copyOf(pythonLibParents);
        this.cudaDefaults = List.copyOf(cudaDefaults);
        this.loader = loader;
    }

    /** The finder for this process: its environment, home, and the usual system folders. */
    public static LibraryFinder system() {
        return new LibraryFinder(System.getenv(), Path.of(System.getProperty("user.home")),
                List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib")), List.of(Path.of("/usr/local/cuda")),
                LibraryFinder::openWithLoader);
    }

    private static Optional<NativeLibrary> openWithLoader(String soname) {
        try {
            return Optional.of(NativeLibrary.openByName(soname));
        } catch (IllegalArgumentException notFound) {
            return Optional.empty();
        }
    }

    /** The folders of the override, in order; blank entries are skipped. */
    public static List<Path> parsePathList(String value) {
        List<Path> out = new ArrayList<>();
        if (value == null) return out;
        for (String part : value.split(":")) {
            if (!part.isBlank()) out.add(Path.of(part.trim()));
        }
        return out;
    }

    /** The override's folders (before the loader path). */
    public List<Place> overridePlaces() {
        List<Place> places = new ArrayList<>();
        for (Path p : parsePathList(env.get(OVERRIDE))) places.add(new Place(OVERRIDE, p));
        return places;
    }

    /** The folders probed after the loader path: CUDA installs, then Python wheels. */
    public List<Place> installPlaces() {
        List<Place> places = new ArrayList<>();
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) addCudaRoot(places, Path.of(v.trim()), var);
        }
        for (Path root : cudaDefaults) addCudaRoot(places, root, "default CUDA install");
        for (Path sitePackages : sitePackages()) {
            for (Path lib : wheelLibFolders(sitePackages)) places.add(new Place("Python wheel in " + sitePackages, lib));
        }
        return dedupe(places);
    }

    private static void addCudaRoot(List<Place> places, Path root, String origin) {
        for (String sub : List.of("lib64", "lib", "targets/x86_64-linux/lib")) places.add(new Place(origin, root.resolve(sub)));
    }

    /** Existing site-packages (and dist-packages) folders, in search order. */
    public List<Path> sitePackages() {
        Set<Path> out = new LinkedHashSet<>();
        String venv = env.get("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) addPythonLibs(out, Path.of(venv, "lib"));
        String conda = env.get("CONDA_PREFIX");
        if (conda != null && !conda.isBlank()) addPythonLibs(out, Path.of(conda, "lib"));
        for (Path p : parsePathList(env.get("PYTHONPATH"))) if (Files.isDirectory(p)) out.add(p);
        if (home != null) {
            addPythonLibs(out, home.resolve(".local/lib"));
            for (Path version : children(home.resolve(".pyenv/versions"), "")) addPythonLibs(out, version.resolve("lib"));
        }
        for (Path parent : pythonLibParents) addPythonLibs(out, parent);
        return List.copyOf(out);
    }

    private static void addPythonLibs(Set<Path> out, Path libFolder) {
        for (Path python : children(libFolder, "python3")) {
            for (String kind : List.of("site-packages", "dist-packages")) {
                Path p = python.resolve(kind);
                if (Files.isDirectory(p)) out.add(p);
            }
        }
    }

    /** {@code nvidia/<package>/lib} under one site-packages: nvidia/cublas/lib, nvidia/cudnn/lib, nvidia/cu13/lib... */
    static List<Path> wheelLibFolders(Path sitePackages) {
        List<Path> out = new ArrayList<>();
        for (Path pkg : children(sitePackages.resolve("nvidia"), "")) {
            Path lib = pkg.resolve("lib");
            if (Files.isDirectory(lib)) out.add(lib);
        }
        return out;
    }

    private static List<Path> children(Path folder, String prefix) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Place> dedupe(List<Place> places) {
        Set<Path> seen = new LinkedHashSet<>();
        List<Place> out = new ArrayList<>();
        for (Place p : places) if (seen.add(p.folder().toAbsolutePath().normalize())) out.add(p);
        return out;
    }

    /** A file found for a soname, before it is opened. */
    public record Candidate(String soname, Path file, Place place) {}

    /** Files that exist for {@code spec} in the override and install folders, in probing order (the loader path excluded). */
    public List<Candidate> fileCandidates(LibrarySpec spec, List<Place> places) {
        List<Candidate> out = new ArrayList<>();
        for (Place place : places) {
            for (String soname : spec.sonames()) {
                Path f = place.folder().resolve(soname);
                if (Files.isRegularFile(f)) out.add(new Candidate(soname, f, place));
            }
        }
        return out;
    }

    /**
     * Loads the first soname of {@code spec} found, or fails listing every place looked.
     * A file that exists but does not open (wrong architecture, missing dependency) is reported too.
     */
    public NativeLibrary load(LibrarySpec spec) throws LibraryNotFoundException {
        List<String> looked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Place> override = overridePlaces();
        if (override.isEmpty()) looked.add(OVERRIDE + " (not set)");
        Optional<NativeLibrary> found = loadFromFolders(spec, override, looked, failures);
        if (found.isPresent()) return found.get();
        for (String soname : spec.sonames()) {
            Optional<NativeLibrary> lib = loader.open(soname);
            if (lib.isPresent()) return lib.get();
        }
        String ld = env.get("LD_LIBRARY_PATH");
        looked.add("the loader path (LD_LIBRARY_PATH=" + (ld == null || ld.isBlank() ? "<unset>" : ld) + ", /etc/ld.so.cache, system folders)");
        found = loadFromFolders(spec, installPlaces(), looked, failures);
        if (found.isPresent()) return found.get();
        List<Path> sites = sitePackages();
        if (sites.isEmpty()) looked.add("Python site-packages (none found)");
        else for (Path s : sites) if (wheelLibFolders(s).isEmpty()) looked.add(s + "/nvidia/*/lib (none)");
        String message = String.join(" or ", spec.sonames()) + " (" + spec.what() + ") was not found. Looked in: "
                + String.join("; ", looked) + "."
                + (failures.isEmpty() ? "" : " Found but could not load: " + String.join("; ", failures) + ".")
                + " To fix: " + spec.hint() + ".";
        throw new LibraryNotFoundException(message, looked);
    }

    private Optional<NativeLibrary> loadFromFolders(LibrarySpec spec, List<Place> places, List<String> looked, List<String> failures) {
        for (Place place : places) {
            looked.add(place.toString());
            for (String soname : spec.sonames()) {
                Path file = place.folder().resolve(soname);
                if (!Files.isRegularFile(file)) continue;
                if (!isElf(file)) {   // dlopen of a non-library makes the JVM warn about its stack guard
                    failures.add(file + ": not an ELF shared library");
                    continue;
                }
                try {
                    preloadSiblings(spec, soname, place.folder());
                    return Optional.of(NativeLibrary.open(soname, file));
                } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                    failures.add(file + ": " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Best effort: a sibling that fails to load here will fail again, with its own error, when the library needs it. */
    private static void preloadSiblings(LibrarySpec spec, String soname, Path folder) {
        String major = LibrarySpec.major(soname);
        for (String stem : spec.siblingStems()) {
            String prefix = stem + "." + major;
            try (Stream<Path> s = Files.list(folder)) {
                for (Path f : s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.equals(prefix) || n.startsWith(prefix + ".");
                }).sorted().toList()) {
                    try {
                        NativeLibrary.open(f.getFileName().toString(), f);
                    } catch (IllegalArgumentException ignored) {
                        // reported later by the library that needs it
                    }
                }
            } catch (IOException ignored) {
                // an unreadable folder holds nothing we can load
            }
        }
    }
}
