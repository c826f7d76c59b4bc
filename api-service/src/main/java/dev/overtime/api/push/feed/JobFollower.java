package dev.overtime.api.push.feed;

import dev.overtime.api.imageedit.view.JobReads;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Follows one job for one client: subscribes first, then reads the snapshot, and hands the sink
 * only events after the client's cursor, in order, each once; stops after the terminal event.
 * Subscribing before reading means no change can fall between the snapshot and the deltas.
 */
@ApplicationScoped
public class JobFollower {

    /** Receives a job's events; {@code onEvent} calls never overlap. */
    public interface Sink {
        void onEvent(JobChange change);

        /** The job does not exist or belongs to someone else (answered alike, so ids do not leak). */
        void onNotFound();

        /** The job reached its terminal state and the client has seen it: nothing more will come. */
        void onEnd();
    }

    private final JobChangeFeed feed;
    private final JobReads snapshots;

    public JobFollower(JobChangeFeed feed, JobReads snapshots) {
        this.feed = feed;
        this.snapshots = snapshots;
    }

    /** Must run on a thread that may block (it reads the database). */
    public Following follow(UUID jobId, String owner, EventCursor after, Sink sink) {
        Following following = new Following(after, sink);
        following.attach(feed.subscribe(jobId, following::offer));
        var snapshot = snapshots.load(jobId).filter(s -> s.owner().equals(owner));
        if (snapshot.isEmpty()) {
            following.close();
            sink.onNotFound();
            return following;
        }
        JobChange current = new JobChange(snapshot.get(), null);
        following.restartIfAhead(current.cursor());
        following.offer(current);
        return following;
    }

    /** One client's subscription to one job. */
    public static final class Following implements AutoCloseable {

        private final Sink sink;
        private EventCursor last;
        private boolean closed;
        private AutoCloseable subscription;

        Following(EventCursor after, Sink sink) {
            this.last = after;
            this.sink = sink;
        }

        synchronized void attach(AutoCloseable handle) {
            subscription = handle;
            if (closed) {
                close();
            }
        }

        /**
         * A Last-Event-ID beyond the job's current version was never sent for this job (another job's, or made up):
         * nothing would ever come after it, so the client gets the job afresh instead of a stream that waits forever.
         */
        synchronized void restartIfAhead(EventCursor current) {
            if (last.version() > current.version()) {
                last = EventCursor.START;
            }
        }

        synchronized void offer(JobChange change) {
            if (closed) {
                return;
            }
            // A partial image can only matter while the job runs; after the end it is noise.
            if (change.partialImage() != null && change.snapshot().terminal()) {
                return;
            }
            EventCursor cursor = change.cursor();
            if (!cursor.isAfter(last)) {
                if (change.snapshot().terminal() && change.partialImage() == null
                        && cursor.version() == last.version()) {
                    // The client already saw the terminal state (it resumed after it).
                    finish();
                }
                return;
            }
            last = cursor;
            sink.onEvent(change);
            if (change.snapshot().terminal()) {
                finish();
            }
        }

        private void finish() {
            close();
            sink.onEnd();
        }

        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public synchronized void close() {
            closed = true;
            AutoCloseable handle = subscription;
            subscription = null;
            if (handle != null) {
                try {
                    handle.close();
                } catch (Exception ignored) {
                    // removing a subscriber cannot fail
                }
            }
        }
    }
}
