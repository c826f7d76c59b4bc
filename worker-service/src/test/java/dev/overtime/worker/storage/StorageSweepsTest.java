package dev.overtime.worker.storage;

import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's storage duties over the real S3 server and PostgreSQL: moving rows written before object storage,
 * retention, and orphans. Each duty is driven by calling the sweeper (which the scheduler also runs); since another
 * round may hold a duty's lock at that moment, the assertions wait until a round has done the work.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class StorageSweepsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PHOTO = TestImages.png(40, 30);
    private static final byte[] MASK = TestImages.png(40, 30);
    private static final byte[] RESULT = TestImages.jpeg(40, 30);

    @Inject
    DataSource dataSource;
    @Inject
    ObjectStore store;
    @Inject
    StorageSweeper sweeper;
    @Inject
    OrphanSweep orphans;

    JobRows rows;

    @BeforeEach
    void connect() {
        rows = new JobRows(dataSource, store);
    }

    @Test
    void rowsWrittenBeforeObjectStorageAreMovedWithTheirSha256CheckedAndTheirBytesCleared() throws Exception {
        UUID job = rows.insertLegacyJob("owner-m", "legacy " + UUID.randomUUID(), 1, "req-m", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 40, 30, PHOTO),
                new JobRows.Input("mask", 0, "mask.png", "image/png", 40, 30, MASK)));
        Instant created = Instant.now().minus(Duration.ofDays(2));
        // Ended just now, so retention leaves its inputs and previews alone; its output was made long ago.
        finish(job, "succeeded", Instant.now());
        execute("insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes, data,"
                + " created_at) values (?, 0, 'image/jpeg', 40, 30, ?, ?, ?)", job, RESULT.length, RESULT,
                Timestamp.from(created));
        execute("insert into image_edit_partial_images (job_id, position, content_type, size_bytes, data, created_at)"
                + " values (?, 0, 'image/png', ?, ?, now())", job, MASK.length, MASK);
        long version = version(job);

        await().atMost(PATIENCE).untilAsserted(() -> {
            sweeper.sweep();
            assertTrue(rows.inputRows(job).stream().allMatch(row -> row.get("object_key") != null));
            assertNotNull(rows.outputRows(job).getFirst().get("object_key"));
            assertNotNull(rows.partialRows(job).getFirst().get("object_key"));
        });

        for (Map<String, Object> input : rows.inputRows(job)) {
            byte[] expected = "image".equals(input.get("role")) ? PHOTO : MASK;
            assertNull(input.get("data"));
            assertEquals(ObjectKeys.input(job, (String) input.get("role"), 0), input.get("object_key"));
            assertEquals(sha256(expected), input.get("sha256"));
            assertArrayEquals(expected, store.get((String) input.get("object_key")).readAllBytes());
        }
        Map<String, Object> output = rows.outputRows(job).getFirst();
        assertNull(output.get("data"));
        assertEquals(sha256(RESULT), output.get("sha256"));
        assertArrayEquals(RESULT, rows.outputs(job).getFirst().data());
        // The expiry it would have had, counted from when it was made.
        assertEquals(created.plus(Duration.ofDays(30)).getEpochSecond(),
                ((Timestamp) output.get("expires_at")).toInstant().getEpochSecond());
        assertTrue(version(job) > version, "the job view changed, so its version must too");
        assertNull(rows.partialRows(job).getFirst().get("data"));
        assertArrayEquals(MASK, rows.partialImages(job).getFirst().data());
    }

    @Test
    void expiredOutputsAreDeletedAndMarkedAndOldInputsAndPreviewsGo() {
        UUID job = rows.insertQueuedJob("owner-r", "retention " + UUID.randomUUID(), 1, "req-r", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 40, 30, PHOTO)));
        finish(job, "succeeded", Instant.now().minus(Duration.ofHours(25)));
        long version = version(job);
        StoredObject result = store.put(ObjectKeys.output(job, 1, 0), new ByteArrayInputStream(RESULT),
                RESULT.length, "image/jpeg");
        // As the worker writes it since V21: no key stored, the attempt makes it.
        execute("insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes,"
                + " attempt, sha256, expires_at, created_at) values (?, 0, 'image/jpeg', 40, 30, ?, 1, decode(?, 'hex'), ?,"
                + " now())",
                job, RESULT.length, result.sha256Hex(), Timestamp.from(Instant.now().minusSeconds(1)));
        StoredObject preview = store.put(ObjectKeys.partial(job, 1, 0), new ByteArrayInputStream(MASK), MASK.length,
                "image/png");
        execute("insert into image_edit_partial_images (job_id, position, content_type, size_bytes, object_key,"
                + " created_at) values (?, 0, 'image/png', ?, ?, now())", job, MASK.length, preview.key());
        String input = JobRows.inputKey(rows.inputRows(job).getFirst());
        assertNull(rows.inputRows(job).getFirst().get("object_key"), "an upload's key is not stored");
        assertTrue(store.exists(input));

        await().atMost(PATIENCE).untilAsserted(() -> {
            sweeper.sweep();
            assertNotNull(rows.outputRows(job).getFirst().get("deleted_at"));
            assertNotNull(rows.inputRows(job).getFirst().get("deleted_at"));
            assertTrue(rows.partialRows(job).isEmpty());
        });

        assertFalse(store.exists(result.key()));
        assertFalse(store.exists(input));
        assertFalse(store.exists(preview.key()));
        assertTrue(version(job) > version, "an expired output changes the job view");
    }

    @Test
    void unreferencedObjectsAreDeletedOnceOldEnoughAndReferencedOnesStay() throws Exception {
        UUID job = rows.insertQueuedJob("owner-o", "orphans " + UUID.randomUUID(), 1, "req-o", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 40, 30, PHOTO)));
        String referenced = JobRows.inputKey(rows.inputRows(job).getFirst());
        // The output of the attempt that finished (its key made from its row), beside one a killed attempt left.
        String keptOutput = store.put(ObjectKeys.output(job, 2, 0), new ByteArrayInputStream(RESULT), RESULT.length,
                "image/jpeg").key();
        execute("insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes,"
                + " attempt, sha256, expires_at, created_at) values (?, 0, 'image/jpeg', 40, 30, ?, 2, decode(?, 'hex'),"
                + " now() + interval '1 day', now())", job, RESULT.length, sha256(RESULT));
        // A submit whose transaction failed, and a worker killed between its upload and its commit.
        String lostInput = store.put(ObjectKeys.input(UUID.randomUUID(), "image", 0), new ByteArrayInputStream(PHOTO),
                PHOTO.length, "image/png").key();
        String lostOutput = store.put(ObjectKeys.output(job, 1, 0), new ByteArrayInputStream(RESULT), RESULT.length,
                "image/jpeg").key();
        String lostPartial = store.put(ObjectKeys.partial(job, 1, 0), new ByteArrayInputStream(MASK), MASK.length,
                "image/png").key();

        // Too young: an object may be on its way to being referenced.
        orphans.sweep(Instant.now().minus(Duration.ofHours(1)));
        assertTrue(store.exists(lostInput));

        await().atMost(PATIENCE).untilAsserted(() -> {
            orphans.sweep(Instant.now().plusSeconds(5));
            assertFalse(store.exists(lostInput));
            assertFalse(store.exists(lostOutput));
            assertFalse(store.exists(lostPartial));
        });
        assertTrue(store.exists(referenced));
        assertTrue(store.exists(keptOutput));
    }

    private void finish(UUID job, String status, Instant at) {
        execute("update image_edit_jobs set status = '" + status + "', attempts = 1, finished_at = ? where id = ?",
                Timestamp.from(at), job);
    }

    private long version(UUID job) {
        return ((Number) rows.job(job).get("version")).longValue();
    }

    private void execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
