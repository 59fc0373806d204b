package dev.myelin.cuda.ffm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Test access to the bindings' internals for the real-library checks: a library loaded from one folder
 * only (nothing else on the machine can stand in for it), observed so that every symbol looked up and
 * every call made is recorded, and the binding classes of this package, found by scanning it.
 */
public final class RealLibraries {
    private RealLibraries() {}

    /** One downcall as the observer saw it. */
    public record Call(String symbol, FunctionDescriptor descriptor, List<Object> args, Object result) {}

    /** One lookup: the symbol, and whether the library had it. */
    public record Lookup(String symbol, boolean found) {}

    /** Records lookups and calls, in order. */
    public static final class Recorder implements NativeLibrary.Observer {
        private final List<Lookup> lookups = Collections.synchronizedList(new ArrayList<>());
        private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void lookedUp(String symbol, boolean found) { lookups.add(new Lookup(symbol, found)); }

        @Override
        public void called(String symbol, FunctionDescriptor descriptor, Object[] args, Object result) {
            calls.add(new Call(symbol, descriptor, java.util.Arrays.asList(args.clone()), result));
        }

        /** Every lookup so far. */
        public List<Lookup> lookups() { return List.copyOf(lookups); }

        /** Every call so far. */
        public List<Call> calls() { return List.copyOf(calls); }

        /** Forgets the calls (lookups stay: they happen once, when a binding is made). */
        public void clearCalls() { calls.clear(); }
    }

    /** {@code spec} loaded from {@code folder} alone (its siblings first), observed by {@code recorder}. */
    public static NativeLibrary load(LibrarySpec spec, Path folder, Recorder recorder) throws LibraryNotFoundException {
        LibraryFinder finder = new LibraryFinder(Map.of(LibraryFinder.OVERRIDE, folder.toString()), null, List.of(), List.of(),
                soname -> Optional.empty());
        return finder.load(spec).observed(recorder);
    }

    /** The soname of {@code spec} that {@code folder} holds, if any. */
    public static Optional<String> sonameIn(LibrarySpec spec, Path folder) {
        return spec.sonames().stream().filter(s -> Files.isRegularFile(folder.resolve(s))).findFirst();
    }

    /**
     * The binding classes: the public classes of this package with a public constructor taking one
     * {@link NativeLibrary} (one per C library, by the project's convention).
     */
    public static List<Class<?>> bindingClasses() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : classNamesOfThisPackage()) {
            try {
                Class<?> c = Class.forName(name);
                if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) continue;
                for (var k : c.getConstructors()) {
                    if (k.getParameterCount() == 1 && k.getParameterTypes()[0] == NativeLibrary.class) out.add(c);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        out.sort(java.util.Comparator.comparing(Class::getSimpleName));
        return out;
    }

    /** Top-level class names in this package, from the folder or jar the main classes come from. */
    private static List<String> classNamesOfThisPackage() {
        String pkg = NativeLibrary.class.getPackageName();
        try {
            Path root = Path.of(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) return classNames(root.resolve(pkg.replace('.', '/')), pkg);
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return classNames(jar.getPath(pkg.replace('.', '/')), pkg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classNames(Path folder, String pkg) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length())).sorted().toList();
        }
    }
}
