package dev.overtime.api.request;

/** The request ran out of its hard deadline; whatever it was doing is abandoned. */
public class DeadlineExceededException extends RuntimeException {

    private final long deadlineMs;

    public DeadlineExceededException(long deadlineMs) {
        super("The request did not complete within its " + deadlineMs + " ms deadline; nothing was changed.",
                null, false, false);
        this.deadlineMs = deadlineMs;
    }

    public long deadlineMs() {
        return deadlineMs;
    }
}
