package dev.overtime.storage;

import java.io.FilterInputStream;
import java.io.InputStream;

/** One object's bytes as they arrive from the store, with what its headers said; the caller closes it. */
public final class ObjectContent extends FilterInputStream {

    private final String key;
    private final long size;
    private final String contentType;

    ObjectContent(String key, InputStream bytes, long size, String contentType) {
        super(bytes);
        this.key = key;
        this.size = size;
        this.contentType = contentType;
    }

    public String key() {
        return key;
    }

    /** The object's length in bytes, as the store announced it. */
    public long size() {
        return size;
    }

    public String contentType() {
        return contentType;
    }
}
