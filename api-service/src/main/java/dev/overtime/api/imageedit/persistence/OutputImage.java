package dev.overtime.api.imageedit.persistence;

import java.time.Instant;

/**
 * Where an output's bytes are and what is needed to serve them.
 *
 * @param objectKey  its object in the store; null only for a row written before V6 that the mover has not moved yet
 * @param legacyData the bytes of such a row, else null
 */
public record OutputImage(String contentType, long sizeBytes, String objectKey, Instant expiresAt, boolean deleted,
                          byte[] legacyData) {

    public boolean expired(Instant now) {
        return deleted || (expiresAt != null && !expiresAt.isAfter(now));
    }
}
