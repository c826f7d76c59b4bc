package dev.overtime.api.metrics;

import dev.overtime.api.operations.DeadLetters;
import dev.overtime.common.Metric;
import dev.overtime.common.metrics.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.util.Optional;

/**
 * The fleet-wide gauges: queued jobs, the oldest one's age, dead letters waiting. Sampled every
 * {@code overtime.api.metrics.sample-interval} under a PostgreSQL advisory lock, so however many replicas run, at
 * most one of them queries at a time and a scrape never does; each replica exports its latest sample. The API
 * samples (not the worker) because it always runs, while workers may be scaled to zero by the very queue measured.
 */
@ApplicationScoped
public class QueueSampler {

    /** The advisory lock's key: "ovt-q" in ASCII, any constant no other code of ours locks. */
    static final long LOCK_KEY = 0x6F76742D71L;

    private final EntityManager em;
    private final DeadLetters deadLetters;
    private final OwnedGauges gauges;
    private volatile Sample latest = new Sample(0, 0, 0);

    /** One sample: queued jobs, age in seconds of the oldest, dead letters not re-driven. */
    record Sample(long queued, double oldestQueuedAgeSeconds, long deadLetters) {
    }

    public QueueSampler(EntityManager em, DeadLetters deadLetters, MeterRegistry registry) {
        this.em = em;
        this.deadLetters = deadLetters;
        this.gauges = new OwnedGauges(registry);
    }

    void register(@Observes StartupEvent event) {
        gauges.register(Gauge.builder(Metric.JOBS_QUEUED.meterName(), this, s -> s.latest.queued())
                .description("Queued jobs, fleet-wide (sampled)").strongReference(true));
        gauges.register(Gauge.builder(Metric.JOBS_OLDEST_QUEUED_AGE.meterName(), this,
                        s -> s.latest.oldestQueuedAgeSeconds())
                .baseUnit(Metric.JOBS_OLDEST_QUEUED_AGE.baseUnit())
                .description("Age of the oldest queued job (sampled); 0 with an empty queue").strongReference(true));
        gauges.register(Gauge.builder(Metric.DEAD_LETTERS.meterName(), this, s -> s.latest.deadLetters())
                .description("Records in image-edit.requests.dlq not re-driven (sampled)").strongReference(true));
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    @Scheduled(every = "${overtime.api.metrics.sample-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        Sample previous = latest;
        Optional<long[]> queue;
        try {
            queue = QuarkusTransaction.requiringNew().call(() -> lockedForUs() ? Optional.of(measureQueue())
                    : Optional.<long[]>empty());
        } catch (RuntimeException e) {
            // The database is away: keep the last sample, try again next time.
            Log.warnf("metrics sample failed, keeping the last one: %s", e.toString());
            return;
        }
        if (queue.isEmpty()) {
            return; // another replica samples this round
        }
        // Kafka is asked outside the transaction, so neither the lock nor a pooled connection waits on it.
        long dead = previous.deadLetters();
        try {
            dead = deadLetters.outstanding();
        } catch (RuntimeException e) {
            Log.warnf("dead letters not counted this round, keeping the last count: %s", e.toString());
        }
        latest = new Sample(queue.get()[0], queue.get()[1] / 1000.0, dead);
    }

    // Held until this transaction ends; a replica that can't take it leaves this round to the one that did.
    private boolean lockedForUs() {
        return (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                .setParameter("key", LOCK_KEY).getSingleResult();
    }

    // Queued jobs and the oldest one's age in milliseconds. The partial index image_edit_jobs_unfinished covers the
    // queued rows: no scan of finished jobs.
    private long[] measureQueue() {
        Object[] queue = (Object[]) em.createNativeQuery("""
                        select count(*), coalesce((extract(epoch from now() - min(created_at)) * 1000)::bigint, 0)
                          from image_edit_jobs where status = 'queued'""", Object[].class)
                .getSingleResult();
        return new long[] {((Number) queue[0]).longValue(), ((Number) queue[1]).longValue()};
    }
}
