package dev.overtime.worker.edit.service;

import dev.overtime.imageformat.ImageHeader;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Tells what an upstream image really is from its bytes (magic numbers) and how large it is, whatever the upstream
 * claims; the reading is the shared {@link ImageHeader}'s, which never decodes pixels.
 */
@ApplicationScoped
public class ImageInspector {

    /** Content type and pixel dimensions; dimensions are 0 when the format is known but the header is not readable. */
    public record InspectedImage(String contentType, int width, int height) {
    }

    /** Empty when the bytes are not PNG, JPEG or WebP. */
    public Optional<InspectedImage> inspect(byte[] data) {
        return ImageHeader.read(data)
                .map(header -> new InspectedImage(header.format().contentType(), header.width(), header.height()));
    }
}
