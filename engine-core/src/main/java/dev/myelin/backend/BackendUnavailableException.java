package dev.myelin.backend;

/** A backend cannot start on this machine; the message says what was missing and where it looked. */
public class BackendUnavailableException extends Exception {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
