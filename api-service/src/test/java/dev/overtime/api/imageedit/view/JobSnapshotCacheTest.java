package dev.overtime.api.imageedit.view;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.common.JobStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules that keep a replica's cached status answers from going stale (the clock is the test's). */
class JobSnapshotCacheTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final JobSnapshotCache cache = new JobSnapshotCache(settings(Duration.ofSeconds(1), 1_000), clock::get);
    private final UUID id = UUID.randomUUID();

    @Test
    void aReadThatBeganBeforeTheJobChangedDoesNotPutItsAnswerBack() {
        long ticket = cache.ticket();
        cache.drop(id);                                   // the feed: the job changed while the read was running
        cache.remember(job(id, 3, JobStatus.RUNNING), ticket, clock.get());

        assertTrue(cache.fresh(id).isEmpty(), "the answer read before the change is not served");
    }

    @Test
    void aReadThatBeganAfterTheChangeIsServed() {
        cache.drop(id);
        cache.remember(job(id, 4, JobStatus.SUCCEEDED), cache.ticket(), clock.get());

        assertEquals(4, cache.fresh(id).orElseThrow().version());
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        cache.remember(job(id, 5, JobStatus.SUCCEEDED), cache.ticket(), clock.get());
        cache.remember(job(id, 4, JobStatus.RUNNING), cache.ticket(), clock.get());   // a slower read, older state

        assertEquals(JobStatus.SUCCEEDED, cache.fresh(id).orElseThrow().status());
    }

    @Test
    void aTerminalStateIsNotServedPastTheStalenessBound() {
        cache.remember(job(id, 5, JobStatus.SUCCEEDED), cache.ticket(), clock.get());
        clock.addAndGet(SECOND / 2);
        assertTrue(cache.fresh(id).isPresent());

        clock.addAndGet(SECOND / 2 + 1);                  // no event came (retention expired an output, say)
        assertTrue(cache.fresh(id).isEmpty(), "finished jobs change too: nothing is served past max-staleness");
    }

    @Test
    void nothingIsServedWhileTheFeedDeliversLateEvents() {
        JobSnapshotCache lagging = new JobSnapshotCache(settings(Duration.ofHours(1), 1_000), clock::get);
        lagging.remember(job(id, 1, JobStatus.QUEUED), lagging.ticket(), clock.get());

        lagging.eventDelivered(Instant.now().minusSeconds(30));   // a backlog: changes may wait behind this event
        assertTrue(lagging.fresh(id).isEmpty());

        lagging.eventDelivered(Instant.now());                    // caught up
        assertTrue(lagging.fresh(id).isPresent());
    }

    @Test
    void aFullCacheAnswersFromTheDatabaseInstead() {
        JobSnapshotCache small = new JobSnapshotCache(settings(Duration.ofHours(1), 100), clock::get);
        UUID other = UUID.randomUUID();
        small.remember(job(id, 1, JobStatus.QUEUED), small.ticket(), clock.get());
        small.remember(job(other, 1, JobStatus.QUEUED), small.ticket(), clock.get());

        assertTrue(small.fresh(id).isPresent());
        assertTrue(small.fresh(other).isEmpty(), "over max-bytes nothing more is kept");
    }

    @Test
    void theQueuePositionGoesWhereJacksonWouldWriteIt() {
        RenderedJob job = job(id, 1, JobStatus.QUEUED);

        assertEquals("{\"id\":\"" + id + "\",\"status\":\"queued\",\"queuePosition\":12}",
                new String(job.withQueuePosition(12).bytes(), StandardCharsets.UTF_8));
        assertEquals("{\"id\":\"" + id + "\",\"status\":\"queued\"}",
                new String(job.withQueuePosition(null).bytes(), StandardCharsets.UTF_8));
    }

    private static RenderedJob job(UUID id, long version, JobStatus status) {
        byte[] json = ("{\"id\":\"" + id + "\",\"status\":\"" + status.wireName() + "\"}").getBytes(StandardCharsets.UTF_8);
        return new RenderedJob(id, "owner", status, version, 1L, null, json);
    }

    private static ApiConfig.JobCache settings(Duration maxStaleness, long maxBytes) {
        return new ApiConfig.JobCache() {
            @Override
            public Duration maxStaleness() {
                return maxStaleness;
            }

            @Override
            public Duration maxFeedDelay() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxEntries() {
                return 1_000;
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public Duration queueHeadRefresh() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
