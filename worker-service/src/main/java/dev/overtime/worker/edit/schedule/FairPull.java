package dev.overtime.worker.edit.schedule;

import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.lease.GracefulShutdown;
import dev.overtime.worker.edit.service.ImageEditRunner;
import dev.overtime.worker.edit.service.MemoryBudget;
import dev.overtime.worker.edit.service.NextClaim;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Turns "there is work" into running edits in fair order. A request record is only a signal: it runs the next fair
 * edit (often not the one it announced, which stays queued for a later turn). Every claim starts a sibling pull on a
 * free slot, so one signal fills all the room owners have; when an edit ends, its slot pulls the next fair edit at
 * once on a virtual thread of its own and keeps pulling while one is eligible. So no edit waits idle while there is
 * capacity, and the record that woke us is acknowledged without waiting for that chain.
 * Slots bound the edits this worker runs to {@code overtime.worker.max-in-flight}, records and pulls together.
 */
@ApplicationScoped
public class FairPull {

    // A claim may find its edit heavier than the memory it held and wait for room; it tries again at most this often.
    static final int ROOM_ROUNDS = 3;

    private final ImageEditRunner runner;
    private final MemoryBudget budget;
    private final GracefulShutdown shutdown;
    private final Semaphore slots;

    public FairPull(ImageEditRunner runner, MemoryBudget budget, GracefulShutdown shutdown, WorkerConfig config) {
        this.runner = runner;
        this.budget = budget;
        this.shutdown = shutdown;
        this.slots = new Semaphore(config.maxInFlight());
    }

    /** A request record arrived: run the next fair edit on this thread, then hand the slot on to keep pulling. */
    public void signalled() {
        if (!slots.tryAcquire()) {
            // Every slot runs an edit; each pulls the next one when it ends.
            Log.debug("every edit slot is busy; a finishing edit pulls the next one");
            return;
        }
        boolean ran;
        try {
            ran = runOne();
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        if (ran) {
            Thread.ofVirtual().name("fair-pull").start(this::keepPulling);
        } else {
            slots.release();
        }
    }

    // A sibling pull on a slot of its own, if one is free; it ends at once when nothing else is eligible.
    private void fanOut() {
        if (slots.tryAcquire()) {
            Thread.ofVirtual().name("fair-pull").start(this::keepPulling);
        }
    }

    // Holds the slot handed on by signalled() or fanOut() until no eligible edit is left (or the worker drains).
    private void keepPulling() {
        // Nothing of the record that woke the first edit describes the next ones.
        MDC.clear();
        try {
            while (!shutdown.isDraining() && runOne()) {
                // the next one
            }
        } catch (RuntimeException e) {
            // Typically the database is away; the jobs stay queued and the sweeper's re-announcements wake us again.
            Log.warnf("could not pull the next edit: %s", e.toString());
        } finally {
            slots.release();
        }
    }

    /** True when an edit ran; false when none was eligible or no memory came free for it in time. */
    boolean runOne() {
        long wanted = 0;
        for (int round = 0; round < ROOM_ROUNDS; round++) {
            Optional<MemoryBudget.Reservation> room = budget.reserve(wanted, shutdown::isDraining);
            if (room.isEmpty()) {
                // The edit stays queued; the sweeper announces it again once its record is stale
                // (overtime.worker.requeue-stale-after), and edits ending here pull it when they free memory.
                Log.infof("no room in the memory budget (%d of %d bytes held, %d wanted); the edit stays queued",
                        budget.used(), budget.capacity(), wanted);
                return false;
            }
            try (MemoryBudget.Reservation held = room.get()) {
                switch (runner.claimNext(held)) {
                    case NextClaim.Claimed claimed -> {
                        // There may be more: another slot looks at once, so one signal fills every owner's room.
                        fanOut();
                        runner.run(claimed.job());
                        return true;
                    }
                    case NextClaim.NoneEligible none -> {
                        return false;
                    }
                    case NextClaim.NeedsRoom needs -> wanted = needs.bytes();
                }
            }
        }
        return false;
    }
}
