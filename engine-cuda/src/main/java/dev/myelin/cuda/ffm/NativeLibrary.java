package dev.myelin.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/** One loaded shared library and the downcall handles made from its symbols. */
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OBSERVED;

    static {
        try {
            OBSERVED = MethodHandles.lookup().findStatic(NativeLibrary.class, "observed", MethodType.methodType(Object.class,
                    Observer.class, String.class, FunctionDescriptor.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Sees every symbol a binding looks up and every call it makes (the real-library checks use it to
     * list a binding's symbols and read back what was set); production libraries have none.
     */
    interface Observer {
        /** {@code symbol} was looked up; {@code found} says whether the library has it. */
        void lookedUp(String symbol, boolean found);

        /** {@code symbol} was called with {@code args} (boxed, in C order) and returned {@code result} (null for void). */
        void called(String symbol, FunctionDescriptor descriptor, Object[] args, Object result);
    }

    private final String soname;
    private final String location;
    private final SymbolLookup lookup;
    private final Observer observer;

    NativeLibrary(String soname, String location, SymbolLookup lookup) {
        this(soname, location, lookup, null);
    }

    private NativeLibrary(String soname, String location, SymbolLookup lookup, Observer observer) {
        this.soname = soname;
        this.location = location;
        this.lookup = lookup;
        this.observer = observer;
    }

    /** The same library, with {@code observer} told of every lookup and call made through the result. */
    NativeLibrary observed(Observer observer) {
        return new NativeLibrary(soname, location, lookup, observer);
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

    /** The handle for {@code symbol}, or empty when the library lacks it (for functions newer versions added). */
    public Optional<MethodHandle> optionalFunction(String symbol, FunctionDescriptor descriptor) {
        Optional<MemorySegment> address = lookup.find(symbol);
        if (observer != null) observer.lookedUp(symbol, address.isPresent());
        Optional<MethodHandle> handle = address.map(a -> LINKER.downcallHandle(a, descriptor));
        if (observer == null || handle.isEmpty()) return handle;
        MethodHandle target = handle.get();
        return Optional.of(MethodHandles.insertArguments(OBSERVED, 0, observer, symbol, descriptor, target)
                .asCollector(Object[].class, target.type().parameterCount()).asType(target.type()));
    }

    private static Object observed(Observer observer, String symbol, FunctionDescriptor descriptor, MethodHandle target,
                                   Object[] args) throws Throwable {
        Object result = target.invokeWithArguments(args);
        observer.called(symbol, descriptor, args, result);
        return result;
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
