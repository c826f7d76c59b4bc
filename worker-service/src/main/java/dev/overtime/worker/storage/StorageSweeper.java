package dev.overtime.worker.storage;

import dev.overtime.worker.config.RetentionConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The worker's storage duties on a clock: every {@code overtime.retention.sweep-interval} move rows written before
 * object storage and apply retention; every {@code orphans-after} delete unreferenced objects. Each duty runs on one
 * worker at a time (advisory locks) and goes batch after batch until nothing is left; a failure (the store or the
 * database away) ends the round, and the next one starts over.
 */
@ApplicationScoped
public class StorageSweeper {

    // Enough for a backlog to drain in a few rounds, small enough that a round doesn't run for hours.
    private static final int MAX_BATCHES_PER_ROUND = 1000;

    private final RetentionSweep retention;
    private final OrphanSweep orphans;
    private final ImageMover mover;
    private final RetentionConfig config;

    public StorageSweeper(RetentionSweep retention, OrphanSweep orphans, ImageMover mover, RetentionConfig config) {
        this.retention = retention;
        this.orphans = orphans;
        this.mover = mover;
        this.config = config;
    }

    @Scheduled(every = "${overtime.retention.sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        rows("moved inputs to object storage", mover::moveOneInput);
        rows("moved outputs to object storage", mover::moveOneOutput);
        rows("moved partial images to object storage", mover::moveOnePartial);
        batches("expired outputs", () -> retention.expireOutputs(config.batchSize()));
        batches("expired output variants", () -> retention.expireVariants(config.batchSize()));
        batches("expired inputs", () -> retention.expireInputs(config.batchSize()));
        batches("expired partial images", () -> retention.expirePartials(config.batchSize()));
    }

    @Scheduled(every = "${overtime.retention.orphans-after}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepOrphans() {
        try {
            int deleted = orphans.sweep();
            if (deleted > 0) {
                Log.infof("storage sweeper: deleted orphaned objects: %d", deleted);
            }
        } catch (RuntimeException e) {
            Log.warnf("storage sweeper: orphan sweep failed: %s", e.toString());
        }
    }

    private static void rows(String name, BooleanSupplier moveOne) {
        batches(name, () -> moveOne.getAsBoolean() ? 1 : 0, 1);
    }

    private void batches(String name, IntSupplier batch) {
        batches(name, batch, config.batchSize());
    }

    private static void batches(String name, IntSupplier batch, int full) {
        int total = 0;
        try {
            for (int round = 0; round < MAX_BATCHES_PER_ROUND; round++) {
                int done = batch.getAsInt();
                total += done;
                if (done < full) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("storage sweeper: %s failed: %s", name, e.toString());
        }
        if (total > 0) {
            Log.infof("storage sweeper: %s: %d", name, total);
        }
    }
}
