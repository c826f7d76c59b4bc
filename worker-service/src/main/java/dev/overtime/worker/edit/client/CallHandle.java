package dev.overtime.worker.edit.client;

/**
 * Lets another thread abandon one upstream call: a heartbeat that found the job canceled, or the shutdown. The
 * client registers what abandoning means at each stage (cancel the pending exchange, then close the body being read).
 */
public final class CallHandle {

    private static final Runnable NOTHING = () -> { };

    private volatile Runnable onAbort = NOTHING;
    private volatile boolean aborted;

    /** Runs {@code action} when the call is abandoned, at once if it already was; replaces the previous action. */
    void onAbort(Runnable action) {
        this.onAbort = action;
        if (aborted) {
            action.run();
        }
    }

    /** Stops the call if it is running, or makes it stop itself as soon as it starts. */
    public void abort() {
        aborted = true;
        onAbort.run();
    }

    public boolean isAborted() {
        return aborted;
    }
}
