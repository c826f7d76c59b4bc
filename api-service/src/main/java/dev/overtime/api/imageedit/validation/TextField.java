package dev.overtime.api.imageedit.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A text field that did not come from a multipart form (a JSON body's value), for the same validation. */
public record TextField(String name, String text) implements FormPart {

    @Override
    public boolean isFile() {
        return false;
    }

    @Override
    public String filename() {
        return null;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public InputStream open() throws IOException {
        throw new IOException(name + " is a text field");
    }

    @Override
    public Path path() {
        return null;
    }
}
