package dev.overtime.worker.edit.client;

import java.util.concurrent.Future;

/** Lets another thread abandon one upstream call: a heartbeat that found the job canceled, or the shutdown. */
public final class CallHandle {

    private volatile Future<?> call;
    private volatile boolean aborted;

    void attach(Future<?> call) {
        this.call = call;
        if (aborted) {
            call.cancel(true);
        }
    }

    /** Cancels the call if it is running, or makes it cancel itself as soon as it starts. */
    public void abort() {
        aborted = true;
        Future<?> current = call;
        if (current != null) {
            current.cancel(true);
        }
    }

    public boolean isAborted() {
        return aborted;
    }
}
