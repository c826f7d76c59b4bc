package dev.overtime.api.imageedit.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One multipart part, independent of the HTTP stack so the validator can be tested with plain
 * values. A file part has a filename; its bytes are read only once it passed the size check,
 * and then streamed from where the HTTP layer spooled them.
 */
public interface FormPart {

    String name();

    boolean isFile();

    String filename();

    /** The text of a field part. */
    String text();

    long size() throws IOException;

    InputStream open() throws IOException;

    /** Where a file part's bytes are spooled on disk; read in place, never loaded whole. */
    Path path();
}
