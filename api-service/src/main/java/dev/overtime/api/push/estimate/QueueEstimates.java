package dev.overtime.api.push.estimate;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.common.JobStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Estimates when a job will be done from its place in the queue ({@link QueueHead}) and a moving
 * average of recent upstream latency. Every replica sees every finished edit on the change feed,
 * so the average is the fleet's, not this replica's; at start it is seeded from the database.
 */
@ApplicationScoped
public class QueueEstimates {

    private final EntityManager em;
    private final QueueHead queue;
    private final PushConfig.Estimates config;
    private volatile double upstreamLatencyMs;

    public QueueEstimates(EntityManager em, QueueHead queue, ApiConfig config) {
        this.em = em;
        this.queue = queue;
        this.config = config.push().estimates();
        this.upstreamLatencyMs = this.config.initialUpstreamLatency().toMillis();
    }

    @Transactional
    void seed(@Observes StartupEvent event) {
        try {
            @SuppressWarnings("unchecked")
            List<Number> recent = em.createNativeQuery("""
                            select (extract(epoch from (finished_at - started_at)) * 1000)::bigint
                            from image_edit_jobs
                            where status = 'succeeded' and started_at is not null and finished_at is not null
                            order by finished_at desc limit 20""")
                    .getResultList();
            for (int i = recent.size() - 1; i >= 0; i--) {
                observeUpstreamLatency(recent.get(i).longValue());
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not seed the upstream latency average: %s", e.toString());
        }
    }

    /** Folds one observed upstream latency into the moving average. */
    public void observeUpstreamLatency(long millis) {
        if (millis <= 0) {
            return;
        }
        double weight = config.ewmaWeight();
        upstreamLatencyMs = weight * millis + (1 - weight) * upstreamLatencyMs;
    }

    public Duration upstreamLatency() {
        return Duration.ofMillis(Math.round(upstreamLatencyMs));
    }

    /** From the job's queue ticket (no query but the queue head's, at most once a second per replica). */
    public Estimate estimate(JobStatus status, Long queueTicket, Instant startedAt) {
        return of(status, status == JobStatus.QUEUED ? queue.positionOf(queueTicket) : 0, startedAt);
    }

    /** The same without any query: empty when a queued job's place needs the queue head read again. */
    public Optional<Estimate> knownEstimate(JobStatus status, Long queueTicket, Instant startedAt) {
        if (status != JobStatus.QUEUED) {
            return Optional.of(of(status, 0, startedAt));
        }
        OptionalInt position = queue.knownPositionOf(queueTicket);
        return position.isPresent() ? Optional.of(of(status, position.getAsInt(), startedAt)) : Optional.empty();
    }

    private Estimate of(JobStatus status, int position, Instant startedAt) {
        return switch (status) {
            case QUEUED -> {
                // Jobs beyond the workers' concurrency wait for a whole round of edits first.
                long rounds = 1 + (position - 1) / Math.max(1, config.workerConcurrency());
                yield new Estimate(position, clamp(rounds * upstreamLatencyMs));
            }
            case RUNNING -> {
                long elapsed = startedAt == null ? 0 : Duration.between(startedAt, Instant.now()).toMillis();
                yield new Estimate(null, clamp(upstreamLatencyMs - elapsed));
            }
            default -> new Estimate(null, 0);
        };
    }

    private int clamp(double millis) {
        long seconds = (long) Math.ceil(millis / 1000.0);
        return (int) Math.max(config.minRetryAfterSeconds(), Math.min(config.maxRetryAfterSeconds(), seconds));
    }
}
