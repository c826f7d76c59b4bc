package dev.overtime.worker.inputs;

/**
 * A URL input that could not be had: why (the message says it for the caller: which status, which timeout, how
 * large, which policy), and whether trying again later could help (a timeout, a 5xx, a refused connection can; a
 * 404, a refused address, a file too large or not an image can't).
 */
public class InputFetchException extends Exception {

    /** What went wrong, as the job's error code tells it apart: the bytes were fetched but aren't an image, or not fetched. */
    public enum Kind {
        STATUS, TIMEOUT, TOO_LARGE, REFUSED, CONNECTION, NOT_AN_IMAGE
    }

    private final Kind kind;
    private final boolean retryable;

    public InputFetchException(Kind kind, String message, boolean retryable) {
        super(message);
        this.kind = kind;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }
}
