package dev.overtime.worker.edit.lease;

import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectStore;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.service.WorkerIdentity;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.TestImages;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renewing leases, which touches every running job every sweep interval, updates no indexed column: PostgreSQL
 * keeps each renewed row on its page (a HOT update) instead of adding an entry to every index of the table.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class LeaseRenewalTest {

    @Inject
    SweeperTransitions transitions;

    @Inject
    WorkerIdentity identity;

    @Inject
    EntityManager em;

    @Inject
    WorkerConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Test
    void aRenewalIsAHotUpdateOfEveryRunningJobItHolds() {
        JobRows rows = new JobRows(dataSource, store);
        List<UUID> jobs = List.of(running(rows), running(rows), running(rows));
        try {
            long[] counts = QuarkusTransaction.requiringNew().call(() -> {
                long[] before = updates();
                Set<UUID> held = transitions.renewLeases();
                assertTrue(held.containsAll(jobs), "renewed: " + held);
                long[] after = updates();
                return new long[] {after[0] - before[0], after[1] - before[1]};
            });
            assertTrue(counts[0] >= jobs.size(), "rows renewed: " + counts[0]);
            assertEquals(counts[0], counts[1], "every renewal a HOT update");
        } finally {
            jobs.forEach(job -> end(rows, job));
        }
    }

    @Test
    void aLeaseRenewedWithinTheLastSweepIsLeftAsItIsAndStillHeld() {
        JobRows rows = new JobRows(dataSource, store);
        UUID job = running(rows);
        try {
            rows.update("update image_edit_jobs set lease_expires_at = clock_timestamp() + interval '1 hour'"
                    + " where id = ?", job);
            Set<UUID> held = QuarkusTransaction.requiringNew().call(() -> transitions.renewLeases());
            assertTrue(held.contains(job), "still ours");
            double left = ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "select extract(epoch from lease_expires_at - now()) from image_edit_jobs where id = ?1")
                    .setParameter(1, job).getSingleResult())).doubleValue();
            assertTrue(left > 3500, "not renewed (an hour was left, more than a lease): " + left + " s");
        } finally {
            end(rows, job);
        }
    }

    @Test
    void aLeaseRunsFromWhenItIsWrittenNotFromWhenItsTransactionBegan() {
        JobRows rows = new JobRows(dataSource, store);
        UUID job = running(rows);
        try {
            // A transaction that waited (as a claim waits for the claims' lock) before it writes the lease.
            double aheadOfTransactionStart = QuarkusTransaction.requiringNew().call(() -> {
                em.createNativeQuery("select pg_sleep(1.5)").getSingleResult();
                transitions.renewLeases();
                return ((Number) em.createNativeQuery(
                                "select extract(epoch from lease_expires_at - now()) from image_edit_jobs where id = ?1")
                        .setParameter(1, job).getSingleResult()).doubleValue();
            });
            double lease = config.lease().toMillis() / 1000.0;
            assertTrue(aheadOfTransactionStart >= lease + 1.4, "the lease ends " + aheadOfTransactionStart
                    + " s after the transaction began; it is " + lease + " s from when it was written");
        } finally {
            end(rows, job);
        }
    }

    // This backend's update counts for the job table, HOT ones second. They include earlier transactions' counts
    // not yet flushed to the statistics system, hence a difference taken inside one transaction (one connection).
    private long[] updates() {
        Object[] stats = (Object[]) em.createNativeQuery("""
                select pg_stat_get_xact_tuples_updated('image_edit_jobs'::regclass),
                       pg_stat_get_xact_tuples_hot_updated('image_edit_jobs'::regclass)""").getSingleResult();
        return new long[] {((Number) stats[0]).longValue(), ((Number) stats[1]).longValue()};
    }

    // Ended, so that no sweeper of this test run takes it over or renews it.
    private static void end(JobRows rows, UUID job) {
        rows.update("update image_edit_jobs set status = 'canceled', lease_owner = null,"
                + " lease_expires_at = null, finished_at = now() where id = ?", job);
    }

    // Running under our lease with 4 s left: due for renewal (the test profile's 5 s lease less its 0.5 s sweep), not
    // yet for the reaper, which runs beside these tests.
    private UUID running(JobRows rows) {
        UUID job = rows.insertQueuedJob("owner-lease", "lease " + UUID.randomUUID(), 1, "req-lease", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 8, 8, TestImages.png(8, 8))));
        rows.update("update image_edit_jobs set status = 'running', started_at = now(), lease_owner = '"
                + identity.id().replace("'", "''") + "', lease_expires_at = now() + interval '4 seconds' where id = ?", job);
        return job;
    }
}
