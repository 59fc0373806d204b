package dev.myelin.examples;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;

import java.io.PrintStream;

/** The {@code --backend} flag: it sets {@code myelin.backend} before the backend is first chosen. */
final class BackendOption {
    private BackendOption() {}

    /** Applies {@code --backend}, chooses the backend, and prints which one runs and why (the run's first line). */
    static Backend apply(Flags flags, PrintStream out) {
        if (flags.has("backend")) {
            String name = flags.string("backend", null).trim();
            if (name.isEmpty()) throw new UsageException("--backend needs a name: cpu or cuda");
            System.setProperty(Backends.PROPERTY, name);
        }
        Backend b = Backends.current(false);
        out.println("Running on " + Backends.selectionReason() + ": " + b.description());
        return b;
    }
}
