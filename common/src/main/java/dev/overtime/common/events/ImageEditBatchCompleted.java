package dev.overtime.common.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Every item of a batch ended ({@code status} {@code completed}, or {@code canceled} when its owner canceled it);
 * {@code counts} holds how many items ended in each job status. Subject and key of its CloudEvent: the batch id.
 */
public record ImageEditBatchCompleted(int schemaVersion, UUID batchId, String owner, String status, int itemCount,
                                      Map<String, Integer> counts, Instant completedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit_batch.completed";
}
