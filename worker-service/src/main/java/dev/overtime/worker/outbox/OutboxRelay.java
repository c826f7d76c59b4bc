package dev.overtime.worker.outbox;

import dev.overtime.worker.config.WorkerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves outbox rows to Kafka: nudged after every commit that wrote one, so events leave in milliseconds, and
 * polling on its own as the safety net (after a crash, or while Kafka was away).
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final WorkerConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread loop;

    public OutboxRelay(OutboxPublisher publisher, WorkerConfig config, TransactionSynchronizationRegistry transactions) {
        this.publisher = publisher;
        this.config = config;
        this.transactions = transactions;
    }

    /** Asks for a publication round once the current transaction committed; cheap and coalescing. */
    void nudgeAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUps.offer(Boolean.TRUE);
                }
            }
        });
    }

    void start(@Observes StartupEvent event) {
        running = true;
        loop = Thread.ofVirtual().name("worker-outbox-relay").start(this::relayUntilStopped);
    }

    /**
     * Stops the loop and publishes what is left, for up to {@code timeout}; whatever remains is published by any
     * other relay (worker or API) later. Called by the graceful shutdown after in-flight jobs are settled.
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
            Log.warnf("final outbox flush failed; another relay will publish the rest: %s", e.toString());
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
                Log.warnf("outbox relay round failed, will retry: %s", e.toString());
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
