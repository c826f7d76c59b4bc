package dev.overtime.storage;

/**
 * An object as written: what PostgreSQL keeps instead of the bytes.
 *
 * @param key        the caller's key, without the configured key prefix
 * @param size       bytes stored
 * @param sha256Hex  SHA-256 of exactly those bytes, lowercase hex, computed while they streamed
 * @param contentType the media type it is served with
 */
public record StoredObject(String key, long size, String sha256Hex, String contentType) {
}
