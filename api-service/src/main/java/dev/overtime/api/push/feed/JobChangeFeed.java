package dev.overtime.api.push.feed;

import dev.overtime.api.imageedit.view.JobReads;
import dev.overtime.api.imageedit.view.JobSnapshotCache;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Fans job changes out to this replica's subscribers (SSE streams, WebSockets, waiting requests).
 * A change is read from the database once per replica and shared by every subscriber of the job;
 * jobs nobody follows here cost nothing. Changes come from Kafka ({@link JobEventsConsumer}) and
 * from this replica's own writes ({@link LocalJobChanges}).
 */
@ApplicationScoped
public class JobChangeFeed {

    private final JobReads snapshots;
    private final JobSnapshotCache answers;
    private final Map<UUID, Set<Consumer<JobChange>>> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    public JobChangeFeed(JobReads snapshots, JobSnapshotCache answers) {
        this.snapshots = snapshots;
        this.answers = answers;
    }

    /** Registers a subscriber; close the returned handle to stop receiving changes. */
    public AutoCloseable subscribe(UUID jobId, Consumer<JobChange> subscriber) {
        subscribers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> subscribers.computeIfPresent(jobId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * The job changed somewhere: this replica's cached status answer goes first (before anyone could read the new
     * state and find the old one), then, if anyone here follows the job, it is read once and they are told.
     */
    public void jobChanged(UUID jobId) {
        answers.drop(jobId);
        publish(jobId, null);
    }

    public void partialImage(PartialImage partial) {
        publish(partial.jobId(), partial);
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    private void publish(UUID jobId, PartialImage partial) {
        if (!subscribers.containsKey(jobId)) {
            return;
        }
        readers.execute(() -> {
            try {
                snapshots.load(jobId).ifPresent(snapshot -> {
                    JobChange change = new JobChange(snapshot, partial);
                    Set<Consumer<JobChange>> current = subscribers.get(jobId);
                    if (current != null) {
                        current.forEach(subscriber -> deliver(subscriber, change));
                    }
                });
            } catch (RuntimeException e) {
                Log.warnf("Could not read job %s for its subscribers: %s", jobId, e.toString());
            }
        });
    }

    private static void deliver(Consumer<JobChange> subscriber, JobChange change) {
        try {
            subscriber.accept(change);
        } catch (RuntimeException e) {
            Log.warnf("A job subscriber failed: %s", e.toString());
        }
    }

    /** Runs a blocking task (database reads for a new subscriber) without holding a platform thread. */
    public void runBlocking(Runnable task) {
        readers.execute(task);
    }

    void stop(@Observes ShutdownEvent event) {
        readers.shutdownNow();
    }
}
