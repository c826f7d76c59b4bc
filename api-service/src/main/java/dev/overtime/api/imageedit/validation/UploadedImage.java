package dev.overtime.api.imageedit.validation;

import java.nio.file.Path;

/**
 * One accepted upload: where its bytes are spooled, their size and SHA-256 (hex), and what reading them proved.
 * The bytes themselves are never held in the heap; the file lives until the request ends.
 */
public record UploadedImage(String filename, Path file, long sizeBytes, String sha256, InspectedImage inspected) {

    public String contentType() {
        return inspected.format().contentType();
    }
}
