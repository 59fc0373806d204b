package dev.myelin.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses the backend: the one the user forces with {@code -Dmyelin.backend=NAME} or
 * {@code MYELIN_BACKEND=NAME}, else the highest-priority one that starts ({@code cuda} when its
 * libraries load and a device answers, else {@code cpu}). Forcing a backend that cannot start is
 * an error saying why; falling back prints one line saying why.
 */
public final class Backends {
    /** The system property that forces a backend: {@code -Dmyelin.backend=cpu|cuda}. */
    public static final String PROPERTY = "myelin.backend";
    /** The environment variable that forces a backend when the property is not set. */
    public static final String ENVIRONMENT = "MYELIN_BACKEND";

    private static Backend current;
    private static String reason;

    private Backends() {}

    /** The backend in use, chosen on first call; a fallback prints one line saying why. */
    public static synchronized Backend current() {
        return current(true);
    }

    /**
     * The backend in use, chosen on first call; {@code announceFallback} false leaves printing the
     * choice to the caller (the command line prints it as its first line).
     */
    public static synchronized Backend current(boolean announceFallback) {
        if (current == null) {
            Selection s = select(requested());
            current = s.backend();
            reason = s.reason();
            if (s.fellBack() && announceFallback) System.err.println("myelin: " + s.reason());
        }
        return current;
    }

    /** Why the current backend was chosen, in one line (for the CLI's first line). */
    public static synchronized String selectionReason() {
        current();
        return reason;
    }

    /** Makes {@code backend} the current one (tests, benchmarks, the CLI's {@code --backend}). */
    public static synchronized void use(Backend backend, String why) {
        current = backend;
        reason = why;
    }

    /** The name forced by the system property or the environment, or null. */
    public static String requested() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(ENVIRONMENT);
        return p == null || p.isBlank() ? null : p.trim().toLowerCase(Locale.ROOT);
    }

    /** The result of choosing a backend. */
    public record Selection(Backend backend, String reason, boolean fellBack) {}

    /**
     * Starts the backend named {@code forced}, or when null the best that starts.
     *
     * @throws IllegalStateException when the forced backend is unknown or cannot start, naming why
     */
    public static Selection select(String forced) {
        List<BackendProvider> providers = providers();
        if (forced != null) {
            for (BackendProvider p : providers) {
                if (p.name().equals(forced)) {
                    try {
                        return new Selection(p.create(), "backend " + forced + " (forced by " + source() + ")", false);
                    } catch (BackendUnavailableException e) {
                        throw new IllegalStateException("backend '" + forced + "' was requested but cannot start: " + e.getMessage(), e);
                    }
                }
            }
            throw new IllegalStateException("unknown backend '" + forced + "'; available: " + names(providers)
                    + " (is the engine-" + forced + " jar on the class path?)");
        }
        List<String> failures = new ArrayList<>();
        for (BackendProvider p : providers) {
            try {
                Backend b = p.create();
                if (failures.isEmpty()) return new Selection(b, "backend " + p.name() + " (the preferred backend; it started)", false);
                return new Selection(b, "backend " + p.name() + " (" + String.join("; ", failures)
                        + "; -D" + PROPERTY + "=NAME forces one and explains in full why it cannot start)", true);
            } catch (BackendUnavailableException e) {
                failures.add(p.name() + " unavailable: " + e.summary());
            }
        }
        throw new IllegalStateException("no backend could start: " + String.join("; ", failures)
                + (providers.isEmpty() ? "none found; put engine-cpu on the class path" : ""));
    }

    /** Every backend on the class path, preferred first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(list::add);
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    private static List<String> names(List<BackendProvider> providers) {
        return providers.stream().map(BackendProvider::name).toList();
    }

    private static String source() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? "-D" + PROPERTY : ENVIRONMENT;
    }
}
