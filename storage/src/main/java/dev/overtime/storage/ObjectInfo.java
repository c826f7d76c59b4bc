package dev.overtime.storage;

import java.time.Instant;

/**
 * An object as the store lists it, for sweepers and existence checks.
 *
 * @param key the caller's key, without the configured key prefix
 */
public record ObjectInfo(String key, long size, Instant lastModified) {
}
