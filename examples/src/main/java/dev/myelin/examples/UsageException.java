package dev.myelin.examples;

/** A command line the program cannot act on; {@link Main} prints the message and the usage, not a stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
