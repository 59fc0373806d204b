package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** One loaded shared library and the downcall handles made from its symbols. */
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String soname;
    private final String location;
    private final SymbolLookup lookup;

    NativeLibrary(String soname, String location, SymbolLookup lookup) {
        this.soname = soname;
        this.location = location;
        this.lookup = lookup;
    }

    /** The soname it was asked for, e.g. {@code libcublas.so.13}. */
    public String soname() { return soname; }

    /** Where it was loaded from: a file, or "the loader path". */
    public String location() { return location; }

    /** A handle for {@code symbol}; a missing symbol is an error naming the library (too old a version, usually). */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        return optionalFunction(symbol, descriptor).orElseThrow(() -> new CudaException(
                soname + " (" + location + ") has no function " + symbol + "; it is probably older than Myelin supports", -1));
    }

    /** The handle of the first of {@code symbols} the library has (versioned names first). */
    public MethodHandle firstFunction(FunctionDescriptor descriptor, String... symbols) {
        for (String s : symbols) {
            Optional<MethodHandle> h = optionalFunction(s, descriptor);
            if (h.isPresent()) return h.get();
        }
        return function(symbols[0], descriptor);
    }

    public Optional<MethodHandle> optionalFunction(String symbol, FunctionDescriptor descriptor) {
        Optional<MemorySegment> address = lookup.find(symbol);
        return address.map(a -> LINKER.downcallHandle(a, descriptor));
    }

    /** Loads a library by absolute path (dlopen of a file) for the lifetime of the JVM. */
    static NativeLibrary open(String soname, java.nio.file.Path file) {
        return new NativeLibrary(soname, file.toString(), SymbolLookup.libraryLookup(file, Arena.global()));
    }

    /** Loads a library by soname through the dynamic loader (LD_LIBRARY_PATH, ld.so.cache). */
    static NativeLibrary openByName(String soname) {
        return new NativeLibrary(soname, "the loader path", SymbolLookup.libraryLookup(soname, Arena.global()));
    }

    @Override
    public String toString() { return soname + " from " + location; }
}
