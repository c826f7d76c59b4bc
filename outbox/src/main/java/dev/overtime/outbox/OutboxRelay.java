package dev.overtime.outbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves outbox rows to Kafka: woken after every commit that wrote one, so records leave in milliseconds, and polling
 * on its own as the safety net (after a crash, or while Kafka was away). Purges old published rows, and publishes
 * what is left when the service stops.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Published rows are kept this long (for operators' eyes), then purged. */
    static final Duration KEEP_PUBLISHED = Duration.ofDays(1);
    /** How long stopping may spend publishing what is left; the rest waits for any other relay. */
    static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(10);

    private static final Object WAKE_UP_REGISTERED = new Object();

    private final OutboxPublisher publisher;
    private final OutboxSettings settings;
    private final TransactionSynchronizationRegistry transactions;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread loop;

    public OutboxRelay(OutboxPublisher publisher, OutboxSettings settings,
                       TransactionSynchronizationRegistry transactions) {
        this.publisher = publisher;
        this.settings = settings;
        this.transactions = transactions;
    }

    /** Asks for a publication round once the current transaction committed; cheap, once per transaction. */
    void wakeAfterCommit() {
        if (transactions.getResource(WAKE_UP_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_UP_REGISTERED, Boolean.TRUE);
        AfterCommit.run(transactions, () -> wakeUps.offer(Boolean.TRUE));
    }

    void start(@Observes StartupEvent event) {
        running = true;
        loop = Thread.ofVirtual().name("outbox-relay").start(this::relayUntilStopped);
    }

    // After the worker's graceful shutdown (which flushes once its in-flight edits settled), before the Kafka
    // connector and the datasource close.
    void stop(@Observes ShutdownEvent event) {
        stopAndFlush(SHUTDOWN_FLUSH);
    }

    /**
     * Stops the loop and publishes what is left, for up to {@code timeout}; whatever remains is published by any
     * other relay (worker or API) later.
     */
    public void stopAndFlush(Duration timeout) {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        long until = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < until && publisher.publishBatch() > 0) {
                // keep going until the table is drained or time is up
            }
        } catch (RuntimeException e) {
            Log.warnf("Final outbox flush failed; another relay will publish the rest: %s", e.toString());
        }
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purgeOldRows() {
        int purged = publisher.purgePublishedBefore(Instant.now().minus(KEEP_PUBLISHED));
        if (purged > 0) {
            Log.infof("Purged %d published outbox rows", purged);
        }
    }

    private void relayUntilStopped() {
        Duration interval = settings.pollInterval();
        while (running) {
            int published = 0;
            try {
                published = publisher.publishBatch();
            } catch (RuntimeException e) {
                // Kafka or the database is away; rows stay unpublished and the next round retries them.
                Log.warnf("Outbox relay round failed, will retry: %s", e.toString());
            }
            if (published >= settings.batchSize()) {
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
