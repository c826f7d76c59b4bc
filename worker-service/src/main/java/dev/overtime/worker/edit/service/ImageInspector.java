package dev.overtime.worker.edit.service;

import dev.overtime.imageformat.ImageHeader;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells what an upstream image really is from its bytes (magic numbers) and how large it is, whatever the upstream
 * claims; the reading is the shared {@link ImageHeader}'s, which never decodes pixels, over the file's first bytes.
 */
@ApplicationScoped
public class ImageInspector {

    // PNG's IHDR, WebP's VP8 header and a JPEG's SOF (after its EXIF and ICC segments) all sit well inside this.
    static final int HEADER_BYTES = 256 * 1024;

    /** Content type and pixel dimensions; dimensions are 0 when the format is known but the header is not readable. */
    public record InspectedImage(String contentType, int width, int height) {
    }

    /** Empty when the bytes are not PNG, JPEG or WebP. */
    public Optional<InspectedImage> inspect(byte[] data) {
        return ImageHeader.read(data)
                .map(header -> new InspectedImage(header.format().contentType(), header.width(), header.height()));
    }

    /** The same, for an image in a file: only its first {@value #HEADER_BYTES} bytes are read. */
    public Optional<InspectedImage> inspect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in.readNBytes(HEADER_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
