package dev.overtime.api.imageedit.rest;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** An opaque list cursor: the (createdAt, id) of the last job on a page. */
record Cursor(Instant createdAt, UUID id) {

    String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.INVALID_CURSOR, "cursor is not one this API issued.", "cursor");
        }
    }
}
