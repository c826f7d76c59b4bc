package dev.overtime.worker.edit.client;

import java.nio.file.Path;

/** One image the upstream returned, decoded from its base64 into a file of the call's {@link ImageSpool}. */
public record SpooledImage(Path file, long sizeBytes, String sha256Hex) {
}
