package dev.overtime.api.push.wait;

import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.api.push.feed.EventCursor;
import dev.overtime.api.push.feed.JobChange;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
import dev.overtime.api.imageedit.view.JobSnapshot;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds an answer until a job is finished or the wait is over, on the change feed rather than by
 * polling, and without a thread parked meanwhile: the caller gets a {@link Uni}.
 */
@ApplicationScoped
public class JobWaits {

    private final JobFollower follower;
    private final JobChangeFeed feed;
    private final PushMetrics metrics;

    public JobWaits(JobFollower follower, JobChangeFeed feed, PushMetrics metrics) {
        this.follower = follower;
        this.feed = feed;
        this.metrics = metrics;
    }

    /**
     * The job's latest snapshot: terminal if it finished within {@code max}; null if it vanished. Fails with
     * {@link KeyRevokedException} as soon as {@code revoked} completes.
     */
    public Uni<JobSnapshot> untilFinished(UUID jobId, String owner, Duration max, CompletionStage<Void> revoked) {
        AtomicReference<JobSnapshot> latest = new AtomicReference<>();
        AtomicReference<JobFollower.Following> following = new AtomicReference<>();
        CompletableFuture<JobSnapshot> finished = new CompletableFuture<>();
        JobFollower.Sink sink = new JobFollower.Sink() {
            @Override
            public void onEvent(JobChange change) {
                latest.set(change.snapshot());
                if (change.snapshot().terminal()) {
                    finished.complete(change.snapshot());
                }
            }

            @Override
            public void onNotFound() {
                finished.complete(null);
            }

            @Override
            public void onEnd() {
                finished.complete(latest.get());
            }
        };
        revoked.thenRun(() -> finished.completeExceptionally(new KeyRevokedException()));
        AtomicBoolean over = new AtomicBoolean();
        Runnable closed = metrics.opened(PushMetrics.Kind.WAIT);
        feed.runBlocking(() -> {
            following.set(follower.follow(jobId, owner, EventCursor.START, sink));
            if (over.get()) {
                // The wait ended while the follow was being set up.
                following.get().close();
            }
        });
        return Uni.createFrom().completionStage(finished)
                .ifNoItem().after(max).recoverWithItem(latest::get)
                .onTermination().invoke(() -> {
                    closed.run();
                    over.set(true);
                    JobFollower.Following current = following.get();
                    if (current != null) {
                        current.close();
                    }
                });
    }
}
