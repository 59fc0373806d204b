package dev.myelin.cuda.ffm;

/** A CUDA library call failed: names the call, the library, the status and the library's own words for it. */
public class CudaException extends RuntimeException {
    private final int status;

    public CudaException(String message, int status) {
        super(message);
        this.status = status;
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The library's status code, or -1 when the failure was not a status (a missing symbol, a crash in the call). */
    public int status() { return status; }
}
