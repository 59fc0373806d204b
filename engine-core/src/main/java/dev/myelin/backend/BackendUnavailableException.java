package dev.myelin.backend;

/**
 * A backend cannot start on this machine. The summary says what is missing in a few words (the
 * one-line fallback notice); the details say where it looked and how to fix it (the error when the
 * user forced this backend).
 */
public class BackendUnavailableException extends Exception {
    private final String summary;

    public BackendUnavailableException(String message) {
        this(message, (Throwable) null);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.summary = message;
    }

    public BackendUnavailableException(String summary, String details, Throwable cause) {
        super(details == null || details.isBlank() ? summary : summary + ". " + details, cause);
        this.summary = summary;
    }

    /** What is missing, without where it looked. */
    public String summary() {
        return summary;
    }
}
