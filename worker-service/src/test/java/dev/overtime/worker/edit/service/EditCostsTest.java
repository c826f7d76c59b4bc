package dev.overtime.worker.edit.service;

import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectStore;
import dev.overtime.worker.config.InputsConfig;
import dev.overtime.worker.support.JobRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What an edit naming an image by URL weighs in the memory budget, before this job fetched anything. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class EditCostsTest {

    @Inject
    EditCosts costs;

    @Inject
    InputsConfig inputs;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Test
    void aUrlTheCacheHoldsFreshWeighsItsCachedSizeAndAnyOtherUrlItsLargestAllowed() {
        JobRows rows = new JobRows(dataSource, store);
        String cached = "https://images.example.com/" + UUID.randomUUID() + ".png";
        String stale = "https://images.example.com/" + UUID.randomUUID() + ".png";
        String unknown = "https://images.example.com/" + UUID.randomUUID() + ".png";
        cache(rows, cached, 2_976_583, "now() + interval '1 hour'");
        cache(rows, stale, 1_000_000, "now() - interval '1 second'");

        UUID fresh = rows.insertUrlJob("costs", "p", 1, "r", List.of(cached), null);
        assertEquals(2_976_583 + output(rows, fresh), costs.of(fresh));
        UUID old = rows.insertUrlJob("costs", "p", 1, "r", List.of(stale), null);
        assertEquals(inputs.maxImageBytes() + output(rows, old), costs.of(old),
                "a stale entry may be fetched again, and then be any size");
        UUID neither = rows.insertUrlJob("costs", "p", 1, "r", List.of(unknown), unknown);
        assertEquals(inputs.maxImageBytes() + inputs.maxMaskBytes() + output(rows, neither), costs.of(neither));
    }

    private static long output(JobRows rows, UUID job) {
        var row = rows.job(job);
        return EditCosts.expectedOutputBytes((String) row.get("size"), (String) row.get("output_format"));
    }

    private static void cache(JobRows rows, String url, long size, String expiresAt) {
        rows.update("""
                insert into input_url_fetches (url, object_key, sha256, content_type, width, height, size_bytes,
                                               fetched_at, expires_at)
                values (?, 'fetched/x', sha256('x'), 'image/png', 1024, 1024, %d, now(), %s)""".formatted(size, expiresAt), url);
    }
}
