package dev.overtime.api.imageedit.persistence;

import java.time.Instant;

/**
 * An output image's metadata without its bytes, for job status answers.
 *
 * @param expiresAt when retention deletes it; null for outputs stored before retention existed
 * @param deleted   retention deleted it already
 */
public record OutputSummary(int position, String contentType, int width, int height, int sizeBytes, Instant expiresAt,
                            boolean deleted) {

    public boolean expired(Instant now) {
        return deleted || (expiresAt != null && !expiresAt.isAfter(now));
    }
}
