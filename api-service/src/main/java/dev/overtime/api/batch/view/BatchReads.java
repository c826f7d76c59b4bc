package dev.overtime.api.batch.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.batch.persistence.ImageEditBatch;
import dev.overtime.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads a batch into its {@link BatchView}: counts per job status in one query, items a page at a time. */
@ApplicationScoped
public class BatchReads {

    public static final String BASE = "/v1/image-edit-batches";

    private final EntityManager em;
    private final ObjectMapper json;

    public BatchReads(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** The owner's batch; another owner's answers like a missing one. */
    @Transactional
    public Optional<ImageEditBatch> findOwned(UUID id, String owner) {
        return ImageEditBatch.<ImageEditBatch>findByIdOptional(id).filter(batch -> batch.owner.equals(owner));
    }

    /** The owner's batches newest first, after the (createdAt, id) of the previous page's last one if given. */
    @Transactional
    public List<ImageEditBatch> listOwned(String owner, Instant afterCreatedAt, UUID afterId, int limit) {
        return (afterCreatedAt == null
                ? ImageEditBatch.<ImageEditBatch>find("owner = ?1 order by createdAt desc, id desc", owner)
                : ImageEditBatch.<ImageEditBatch>find("owner = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3))"
                + " order by createdAt desc, id desc", owner, afterCreatedAt, afterId))
                .page(0, limit).list();
    }

    /** The batch with the items after index {@code after} (-1: from the first), at most {@code limit} of them. */
    @Transactional
    public BatchView read(ImageEditBatch batch, int after, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                        select batch_index, id, status from image_edit_jobs
                         where batch_id = :batch and batch_index > :after order by batch_index limit :limit""",
                        Object[].class)
                .setParameter("batch", batch.id)
                .setParameter("after", after)
                .setParameter("limit", limit + 1)
                .getResultList();
        boolean hasMore = rows.size() > limit;
        List<BatchView.ItemView> items = rows.stream().limit(limit)
                .map(row -> new BatchView.ItemView(((Number) row[0]).intValue(), (UUID) row[1], (String) row[2],
                        "/v1/image-edits/" + row[1]))
                .toList();
        String next = hasMore ? ItemCursor.encode(items.getLast().index()) : null;
        return view(batch, items, next, hasMore);
    }

    /** A list entry: counts, no items. */
    @Transactional
    public BatchView summary(ImageEditBatch batch) {
        return view(batch, null, null, null);
    }

    private BatchView view(ImageEditBatch batch, List<BatchView.ItemView> items, String next, Boolean hasMore) {
        String self = BASE + "/" + batch.id;
        return new BatchView(batch.id, "image_edit_batch", batch.status, batch.itemCount, counts(batch.id),
                batch.createdAt, batch.completedAt, metadata(batch.metadata), items, next, hasMore,
                new BatchView.Links(self, self + "/cancel"));
    }

    // Every status listed, zero included, so a client can read counts.succeeded without checking it exists.
    private Map<String, Long> counts(UUID batchId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wireName(), 0L);
        }
        List<Object[]> rows = em.createNativeQuery(
                        "select status, count(*) from image_edit_jobs where batch_id = :batch group by status", Object[].class)
                .setParameter("batch", batchId)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    private JsonNode metadata(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored batch metadata is JSON", e);
        }
    }
}
