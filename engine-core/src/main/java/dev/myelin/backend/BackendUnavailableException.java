package dev.myelin.backend;

/**
 * A backend cannot start on this machine. The summary says what is missing in a few words (the
 * one-line fallback notice); the details say where it looked and how to fix it (the error when the
 * user forced this backend).
 */
public class BackendUnavailableException extends Exception {
    private final String summary;

    /** The backend cannot start, for the reason {@code message}. */
    public BackendUnavailableException(String message) {
        this(message, (Throwable) null);
    }

    /** The backend cannot start, for the reason {@code message}, caused by {@code cause}. */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.summary = message;
    }

    /** A reason in two lengths: {@code summary} for the one-line fallback notice, {@code details} (where it looked, how to fix it) for an error when the backend was forced. */
    public BackendUnavailableException(String summary, String details, Throwable cause) {
        super(details == null || details.isBlank() ? summary : summary + ". " + details, cause);
        this.summary = summary;
    }

    /** What is missing, without where it looked. */
    public String summary() {
        return summary;
    }
}
