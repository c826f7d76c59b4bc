package dev.overtime.worker.edit.client;

/** One file part sent upstream, with the content type and filename the caller uploaded. */
public record UpstreamFile(String filename, String contentType, byte[] data) {
}
