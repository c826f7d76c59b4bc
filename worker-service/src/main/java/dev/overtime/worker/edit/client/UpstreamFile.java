package dev.overtime.worker.edit.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * One file part sent upstream, with the content type and filename the caller uploaded. The bytes are opened only
 * when the request body is written and streamed from there, so an edit never holds its inputs in the heap;
 * {@code sizeBytes} must be exact, since the multipart body is sent with its length.
 */
public record UpstreamFile(String filename, String contentType, long sizeBytes, Content content) {

    /** Where the bytes come from (the object store, or a row not yet moved out of PostgreSQL). */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}
