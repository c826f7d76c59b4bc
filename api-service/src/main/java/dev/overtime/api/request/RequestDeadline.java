package dev.overtime.api.request;

/**
 * One request's race against its deadline. Exactly one side wins: the work, by claiming completion
 * before it commits or answers, or the timer, by expiring it, which interrupts the thread doing
 * the work so that nothing keeps running for an answer nobody will read.
 */
public final class RequestDeadline {

    private enum State { RUNNING, COMPLETING, EXPIRED }

    private final long deadlineMs;
    private final long startedNanos = System.nanoTime();
    private State state = State.RUNNING;
    private Thread worker;

    public RequestDeadline(long deadlineMs) {
        this.deadlineMs = deadlineMs;
    }

    /** A deadline that never fires, for work outside an HTTP request. */
    public static RequestDeadline none() {
        return new RequestDeadline(Long.MAX_VALUE);
    }

    public long deadlineMs() {
        return deadlineMs;
    }

    public long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The work for this request now runs on the calling thread; it is the one to interrupt on expiry. */
    public synchronized void attach(Thread thread) {
        ensureRunning();
        worker = thread;
    }

    /**
     * Forgets the worker thread. Once this returns, no interrupt from this deadline can reach it,
     * so the caller may clear a pending one before the thread serves anything else.
     */
    public synchronized void detach() {
        worker = null;
    }

    /** Throws if the timer already answered; the work must stop here. */
    public synchronized void ensureRunning() {
        if (state == State.EXPIRED) {
            throw new DeadlineExceededException(deadlineMs);
        }
    }

    /** Called just before an irreversible step (a commit, the answer): from here the timer stands down. */
    public synchronized void claimCompletion() {
        ensureRunning();
        state = State.COMPLETING;
    }

    public synchronized boolean expired() {
        return state == State.EXPIRED;
    }

    /** The timer's side: true if it won the race and must answer; the worker, if any, is interrupted. */
    synchronized boolean expire() {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.EXPIRED;
        if (worker != null) {
            worker.interrupt();
        }
        return true;
    }
}
