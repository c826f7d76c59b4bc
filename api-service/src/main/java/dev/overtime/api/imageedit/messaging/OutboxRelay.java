package dev.overtime.api.imageedit.messaging;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves outbox rows to Kafka. Nudged right after each accepted job so publication takes
 * milliseconds, and polling on its own as a safety net (after a crash, or while Kafka was down).
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final ApiConfig config;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread loop;

    public OutboxRelay(OutboxPublisher publisher, ApiConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    /** Asks for a publication round now; cheap, never blocks, coalesces bursts. */
    public void nudge() {
        wakeUps.offer(Boolean.TRUE);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        loop = Thread.ofVirtual().name("outbox-relay").start(this::relayUntilStopped);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purgeOldRows() {
        long purged = publisher.purgePublishedBefore(Instant.now().minus(Duration.ofDays(1)));
        if (purged > 0) {
            Log.infof("Purged %d published outbox rows", purged);
        }
    }

    private void relayUntilStopped() {
        Duration interval = config.outbox().pollInterval();
        while (running) {
            int published = 0;
            try {
                published = publisher.publishBatch();
            } catch (RuntimeException e) {
                // Kafka or the database is away; rows stay unpublished and the next round retries them.
                Log.warnf("Outbox relay round failed, will retry: %s", e.toString());
            }
            if (published >= config.outbox().batchSize()) {
                continue;
            }
            try {
                wakeUps.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
