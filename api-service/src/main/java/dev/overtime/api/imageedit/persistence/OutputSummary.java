package dev.overtime.api.imageedit.persistence;

import java.time.Instant;
import java.util.List;

/**
 * An output image's metadata without its bytes, for job status answers.
 *
 * @param expiresAt when retention deletes it; null for outputs stored before retention existed
 * @param deleted   retention deleted it already
 * @param variants  the sized copies made of it ({@code variants}), in the order asked for
 */
public record OutputSummary(int position, String contentType, int width, int height, int sizeBytes, Instant expiresAt,
                            boolean deleted, List<VariantSummary> variants) {

    /** One sized copy of an output. */
    public record VariantSummary(String name, String contentType, int width, int height, int sizeBytes) {
    }

    public boolean expired(Instant now) {
        return deleted || (expiresAt != null && !expiresAt.isAfter(now));
    }
}
