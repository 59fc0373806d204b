package dev.myelin.backend;

/**
 * How a backend module makes itself known: listed in
 * {@code META-INF/services/dev.myelin.backend.BackendProvider} and found with {@link java.util.ServiceLoader}.
 */
public interface BackendProvider {

    /** The name users pass to {@code -Dmyelin.backend}: {@code cpu}, {@code cuda}. */
    String name();

    /** Higher is preferred when the user forces nothing (cuda over cpu). */
    int priority();

    /**
     * Starts the backend, or explains why it cannot start here (which library, where it looked,
     * the driver's error) by throwing {@link BackendUnavailableException}.
     */
    Backend create() throws BackendUnavailableException;
}
