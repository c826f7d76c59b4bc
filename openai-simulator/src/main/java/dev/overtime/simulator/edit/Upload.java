package dev.overtime.simulator.edit;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One uploaded file part. Bytes are read on demand rather than held, so a request parked for a
 * long latency costs a file on disk and not heap.
 */
public record Upload(String field, String filename, long size, Source source) {

    @FunctionalInterface
    public interface Source {
        byte[] read() throws IOException;
    }

    public byte[] bytes() {
        try {
            return source.read();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read upload '" + field + "'", e);
        }
    }
}
