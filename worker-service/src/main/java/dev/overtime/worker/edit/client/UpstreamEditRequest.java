package dev.overtime.worker.edit.client;

import java.util.List;
import java.util.Objects;

/**
 * Everything OpenAI's {@code CreateImageEditRequest} needs; optional fields are null when the caller left them unset,
 * so the upstream applies its own defaults.
 */
public record UpstreamEditRequest(String model, String prompt, int n, String size, String quality, String background,
                                  String outputFormat, Integer outputCompression, String inputFidelity, String user,
                                  List<UpstreamFile> images, UpstreamFile mask) {

    public UpstreamEditRequest {
        Objects.requireNonNull(prompt, "prompt");
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("an edit needs at least one image");
        }
        images = List.copyOf(images);
    }
}
