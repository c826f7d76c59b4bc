package dev.overtime.worker.edit.service;

import dev.overtime.worker.edit.client.CallHandle;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edits this worker is running right now, so heartbeats can renew their leases and anyone can abort one. It sits
 * beside {@link ImageEditRunner}, which registers each call; the {@code lease} package only reads and aborts.
 */
@ApplicationScoped
public class InFlightEdits {

    /** Why a call was abandoned, which decides what becomes of the job. */
    public enum AbortReason {
        /** The job is no longer ours (canceled, or another worker took it over): leave the job alone. */
        LOST,
        /** This worker is shutting down: hand the job back to the queue. */
        SHUTDOWN
    }

    /** One running edit. */
    public static final class Entry {
        private final CallHandle handle = new CallHandle();
        private volatile AbortReason reason;

        public CallHandle handle() {
            return handle;
        }

        public AbortReason reason() {
            return reason;
        }
    }

    private final ConcurrentHashMap<UUID, Entry> running = new ConcurrentHashMap<>();

    Entry start(UUID jobId) {
        Entry entry = new Entry();
        running.put(jobId, entry);
        return entry;
    }

    void finish(UUID jobId) {
        running.remove(jobId);
    }

    public Set<UUID> ids() {
        return Set.copyOf(running.keySet());
    }

    public boolean contains(UUID jobId) {
        return running.containsKey(jobId);
    }

    public boolean isEmpty() {
        return running.isEmpty();
    }

    public int size() {
        return running.size();
    }

    /** Abandons the call of {@code jobId}, if it is still running here. */
    public void abort(UUID jobId, AbortReason reason) {
        Entry entry = running.get(jobId);
        if (entry != null) {
            if (entry.reason == null) {
                entry.reason = reason;
            }
            entry.handle.abort();
        }
    }
}
