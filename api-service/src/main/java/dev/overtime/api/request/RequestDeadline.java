package dev.overtime.api.request;

import java.util.function.LongSupplier;

/**
 * One request's race against its deadline. Exactly one side wins: the work, by claiming completion
 * before it commits or answers, or the timer, by expiring it, which interrupts the thread doing
 * the work so that nothing keeps running for an answer nobody will read.
 */
public final class RequestDeadline {

    private enum State { RUNNING, COMPLETING, EXPIRED }

    private final long deadlineMs;
    private final long marginMs;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private State state = State.RUNNING;
    private Thread worker;

    /**
     * @param marginMs the time kept for answering: work that claims completion with less left than this is refused
     *                 (see {@link #claimCompletion()}), and {@link #timeForAnswer()} ends this long before the deadline
     */
    public RequestDeadline(long deadlineMs, long marginMs) {
        this(deadlineMs, marginMs, System::nanoTime);
    }

    RequestDeadline(long deadlineMs, long marginMs, LongSupplier nanoClock) {
        this.deadlineMs = deadlineMs;
        this.marginMs = marginMs;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
    }

    /** A deadline that never fires, for work outside an HTTP request. */
    public static RequestDeadline none() {
        return new RequestDeadline(Long.MAX_VALUE, 0);
    }

    public long deadlineMs() {
        return deadlineMs;
    }

    public long elapsedMs() {
        return (nanoClock.getAsLong() - startedNanos) / 1_000_000;
    }

    /** How long an answer may still be held (a {@code Prefer: wait}) and reach the client before the deadline. */
    public long timeForAnswerMs() {
        return deadlineMs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineMs - marginMs - elapsedMs());
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

    /**
     * Called just before an irreversible step (a commit): from here the timer stands down, so whatever follows is
     * answered however long it takes. With less than the margin left, that answer could come after the deadline, so
     * the step is refused instead ({@link DeadlineExceededException}, nothing changed).
     */
    public synchronized void claimCompletion() {
        ensureRunning();
        if (deadlineMs != Long.MAX_VALUE && deadlineMs - elapsedMs() < marginMs) {
            // This refusal is the answer (a 504 through the exception mappers); the timer must not write another.
            state = State.EXPIRED;
            throw new DeadlineExceededException(deadlineMs);
        }
        state = State.COMPLETING;
    }

    /**
     * An answer exists (a held {@code Prefer: wait}): the timer must not replace it with a 504. False when the timer
     * already answered.
     */
    public synchronized boolean claimAnswer() {
        if (state == State.EXPIRED) {
            return false;
        }
        state = State.COMPLETING;
        return true;
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
