package dev.overtime.worker.edit.lease;

import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.service.InFlightEdits;
import dev.overtime.worker.edit.service.InFlightEdits.AbortReason;
import dev.overtime.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * On SIGTERM: stop taking jobs, let in-flight edits finish for up to {@code overtime.worker.shutdown-grace} (leases
 * kept alive meanwhile), then abort the rest and hand them back to the queue, flush the outbox, and let Quarkus exit.
 */
@ApplicationScoped
public class GracefulShutdown {

    static final String REQUESTS_CHANNEL = "image-edit-requests";
    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(15);

    private final InFlightEdits inFlight;
    private final JobSweeper sweeper;
    private final OutboxRelay relay;
    private final KafkaClientService kafka;
    private final WorkerConfig config;
    private volatile boolean draining;

    public GracefulShutdown(InFlightEdits inFlight, JobSweeper sweeper, OutboxRelay relay, KafkaClientService kafka,
                            WorkerConfig config) {
        this.inFlight = inFlight;
        this.sweeper = sweeper;
        this.relay = relay;
        this.kafka = kafka;
        this.config = config;
    }

    /** True once shutdown began: records still buffered in the consumer are handed back instead of run. */
    public boolean isDraining() {
        return draining;
    }

    // Runs before the messaging connectors, the scheduler and the datasource shut down.
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        draining = true;
        pauseConsumer();
        Duration grace = config.shutdownGrace();
        Log.infof("shutdown: waiting up to %s for %d edits in flight", grace, inFlight.size());
        boolean drained = awaitEmpty(grace, true);
        if (!drained) {
            Log.infof("shutdown: grace period over; handing %d edits back to the queue", inFlight.size());
            inFlight.ids().forEach(id -> inFlight.abort(id, AbortReason.SHUTDOWN));
            drained = awaitEmpty(HAND_BACK_WAIT, false);
        }
        relay.stopAndFlush(Duration.ofSeconds(10));
        Log.infof("shutdown: done (in flight left: %d; their leases expire and another worker takes them)",
                drained ? 0 : inFlight.size());
    }

    private void pauseConsumer() {
        try {
            var consumer = kafka.getConsumer(REQUESTS_CHANNEL);
            if (consumer != null) {
                consumer.pause().await().atMost(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            Log.warnf("shutdown: could not pause the consumer: %s", e.toString());
        }
    }

    // Polls rather than blocks on a latch: the heartbeat must keep our leases alive while we wait.
    private boolean awaitEmpty(Duration timeout, boolean heartbeat) {
        long until = System.nanoTime() + timeout.toNanos();
        long nextBeat = System.nanoTime() + config.sweepInterval().toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < until) {
            if (heartbeat && System.nanoTime() >= nextBeat) {
                try {
                    sweeper.heartbeat();
                } catch (RuntimeException e) {
                    Log.warnf("shutdown: heartbeat failed: %s", e.toString());
                }
                nextBeat = System.nanoTime() + config.sweepInterval().toNanos();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inFlight.isEmpty();
            }
        }
        return inFlight.isEmpty();
    }
}
