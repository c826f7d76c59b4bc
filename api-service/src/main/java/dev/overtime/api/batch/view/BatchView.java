package dev.overtime.api.batch.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch as clients see it: its status ({@code running}, {@code completed}, {@code canceled}), how many items are
 * in each job status, and (on a single batch) a page of its items, each an ordinary job to follow.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchView(UUID id, String object, String status, int itemCount, Map<String, Long> counts,
                        Instant createdAt, Instant completedAt, JsonNode metadata, List<ItemView> items,
                        String nextCursor, Boolean hasMore, Links links) {

    /** One item: its index in the request, its job, and the job's status. */
    public record ItemView(int index, UUID jobId, String status, String url) {
    }

    public record Links(String self, String cancel) {
    }
}
