package dev.overtime.worker.inputs;

/** A URL input's bytes, in the store under their content address, and what sniffing them proved. */
public record FetchedInput(String objectKey, String sha256Hex, String contentType, int width, int height,
                           long sizeBytes) {
}
