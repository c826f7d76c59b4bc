package dev.overtime.worker.edit.messaging;

import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.worker.support.TestUpstream.EDITS_PATH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request record is a signal; which queued edit starts is decided in PostgreSQL: an owner never runs more than its
 * maxConcurrentEdits, another owner's edit goes ahead of a capped owner's backlog, an owner's queue runs by priority,
 * and an ending edit pulls the next one without waiting for a re-announcement.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class FairSchedulingTest extends WorkerScenario {

    private static final int UPSTREAM_DELAY_MS = 1_500;

    /** One started attempt of an owner's job. */
    record Started(UUID job, Instant at, long durationMs, int priority) {
        Instant end() {
            return at.plusMillis(durationMs);
        }
    }

    @Test
    void anOwnerNeverRunsMoreThanItsCapAndEndingEditsPullTheNext() {
        String owner = "capped-" + UUID.randomUUID();
        setCap(owner, 3);
        List<UUID> jobs = queue(owner, 9);
        // One record for the whole backlog: everything after the first edits must come from pulls.
        kafka.publish(ImageEditRequested.of(jobs.getFirst(), owner, "req", Instant.now()), jobs.getFirst());

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.stream().allMatch(j -> "succeeded".equals(rows.status(j))));

        List<Started> started = startedOf(owner);
        assertEquals(9, started.size(), "one attempt per job");
        // Exactly 3: never more, and the one record filled all of the owner's room.
        assertEquals(3, maxOverlap(started), "edits at once");
        // The re-announcement comes only after requeue-stale-after (10 s here): a start within 2 s of an earlier end
        // can only have been pulled by that ending edit.
        for (Started s : started.subList(3, started.size())) {
            boolean pulled = started.stream().anyMatch(e -> !e.end().isAfter(s.at().plusMillis(200))
                    && Duration.between(e.end(), s.at()).abs().toMillis() < 2_000);
            assertTrue(pulled, "job " + s.job() + " started at " + s.at() + ", not right after an edit ended");
        }
    }

    @Test
    void anotherOwnersEditStartsBeforeTheCappedOwnersWaitingBacklog() {
        String big = "big-" + UUID.randomUUID();
        String small = "small-" + UUID.randomUUID();
        setCap(big, 2);
        List<UUID> backlog = queue(big, 8);
        for (UUID job : backlog) {
            kafka.publish(ImageEditRequested.of(job, big, "req", Instant.now()), job);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> startedOf(big).size() >= 2);
        List<UUID> waiting = backlog.stream().filter(j -> "queued".equals(rows.status(j))).toList();
        assertTrue(waiting.size() >= 4, "the big owner still has a backlog: " + waiting.size());

        List<UUID> smallJobs = queue(small, 2);
        for (UUID job : smallJobs) {
            kafka.publish(ImageEditRequested.of(job, small, "req", Instant.now()), job);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.stream().allMatch(j -> "succeeded".equals(rows.status(j)))
                && smallJobs.stream().allMatch(j -> "succeeded".equals(rows.status(j))));

        Instant lastSmallStart = startedOf(small).stream().map(Started::at).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstWaitingStart = startedOf(big).stream().filter(s -> waiting.contains(s.job()))
                .map(Started::at).min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(lastSmallStart.isBefore(firstWaitingStart), "the small owner's edits started by " + lastSmallStart
                + ", the big owner's waiting backlog from " + firstWaitingStart);
        assertTrue(maxOverlap(startedOf(big)) <= 2, "the big owner ran at most 2 at once");
    }

    @Test
    void anOwnersQueueRunsByPriorityThenInOrder() {
        String owner = "prioritised-" + UUID.randomUUID();
        setCap(owner, 1);
        // Submitted low, normal, high, normal, low: they should start high, normal, normal, low, low.
        int[] priorities = {0, 1, 2, 1, 0};
        List<UUID> jobs = queue(owner, priorities.length);
        for (int i = 0; i < priorities.length; i++) {
            rows.update("update image_edit_jobs set priority = " + priorities[i] + " where id = ?", jobs.get(i));
        }
        kafka.publish(ImageEditRequested.of(jobs.getFirst(), owner, "req", Instant.now()), jobs.getFirst());

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.stream().allMatch(j -> "succeeded".equals(rows.status(j))));

        List<UUID> order = startedOf(owner).stream().map(Started::job).toList();
        assertEquals(List.of(jobs.get(2), jobs.get(1), jobs.get(3), jobs.get(0), jobs.get(4)), order);
    }

    private void setCap(String owner, int cap) {
        rows.update("insert into owner_limits (owner, max_concurrent_edits, created_at, updated_at) "
                + "values (?, " + cap + ", now(), now())", owner);
    }

    private List<UUID> queue(String owner, int count) {
        upstream.admin().register(post(urlEqualTo(EDITS_PATH))
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(matching(owner + " .*")))
                .willReturn(okJson(ImageEditWorkerTest.imagesResponse(TestImages.png(8, 8)))
                        .withFixedDelay(UPSTREAM_DELAY_MS)));
        byte[] photo = TestImages.png(16, 16);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(rows.insertQueuedJob(owner, owner + " " + i, 1, "req-" + i,
                    List.of(new JobRows.Input("image", 0, "p.png", "image/png", 16, 16, photo))));
        }
        return jobs;
    }

    // The attempt ledger, in the order the attempts started.
    private List<Started> startedOf(String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select a.job_id, a.started_at, coalesce(a.duration_ms, 1000000), j.priority
                  from image_edit_attempts a join image_edit_jobs j on j.id = a.job_id
                 where j.owner = ? order by a.started_at""")) {
            s.setString(1, owner);
            List<Started> started = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    started.add(new Started(r.getObject(1, UUID.class), r.getTimestamp(2).toInstant(), r.getLong(3),
                            r.getInt(4)));
                }
            }
            return started;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // The most attempts open at one instant; an attempt still open counts as running on.
    static int maxOverlap(List<Started> started) {
        int max = 0;
        for (Started s : started) {
            int open = (int) started.stream().filter(o -> !o.at().isAfter(s.at()) && o.end().isAfter(s.at())).count();
            max = Math.max(max, open);
        }
        return max;
    }
}
