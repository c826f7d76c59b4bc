package dev.overtime.worker.edit.lease;

import dev.overtime.worker.edit.service.InFlightEdits;
import dev.overtime.worker.edit.service.InFlightEdits.AbortReason;
import dev.overtime.worker.edit.service.JobDeadlines;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The worker's clock-driven duties, every {@code overtime.worker.sweep-interval}: renew the leases of edits in
 * flight here (and abort those that stopped being ours: canceled or taken over), take over jobs whose worker died,
 * end queued jobs past their deadline, and announce due retries and stale queued jobs. Every worker runs it;
 * {@code FOR UPDATE SKIP LOCKED} keeps them from doing the same row twice.
 */
@ApplicationScoped
public class JobSweeper {

    private static final int BATCH = 200;

    private final SweeperTransitions transitions;
    private final JobDeadlines deadlines;
    private final InFlightEdits inFlight;

    public JobSweeper(SweeperTransitions transitions, JobDeadlines deadlines, InFlightEdits inFlight) {
        this.transitions = transitions;
        this.deadlines = deadlines;
        this.inFlight = inFlight;
    }

    @Scheduled(every = "${overtime.worker.sweep-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        step("heartbeat", () -> {
            heartbeat();
            return 0;
        });
        step("reap expired leases", () -> transitions.reapExpiredLeases(BATCH));
        step("expire deadlines", () -> deadlines.expireDeadlines(BATCH));
        step("announce due jobs", () -> transitions.announceDue(BATCH));
    }

    /** Renews our leases; a job we run that is no longer ours has its upstream call aborted at once. */
    public void heartbeat() {
        Set<UUID> running = inFlight.ids();
        if (running.isEmpty()) {
            return;
        }
        Set<UUID> held = transitions.renewLeases();
        for (UUID id : running) {
            // An edit that finished while the leases were renewed left both sets on its own: nothing to abort.
            if (!held.contains(id) && inFlight.contains(id)) {
                Log.infof("job %s is no longer ours (canceled or taken over); aborting its upstream call", id);
                inFlight.abort(id, AbortReason.LOST);
            }
        }
    }

    private static void step(String name, IntSupplier action) {
        try {
            int count = action.getAsInt();
            if (count > 0) {
                Log.infof("sweeper: %s: %d", name, count);
            }
        } catch (RuntimeException e) {
            // The database is away or busy; the next sweep tries again.
            Log.warnf("sweeper: %s failed: %s", name, e.toString());
        }
    }
}
