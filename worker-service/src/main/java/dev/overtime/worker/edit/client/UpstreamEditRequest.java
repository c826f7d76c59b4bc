package dev.overtime.worker.edit.client;

import java.util.List;
import java.util.Objects;

/**
 * Everything OpenAI's {@code CreateImageEditRequest} needs; optional fields are null when the caller left them unset,
 * so the upstream applies its own defaults. {@code partialImages} above 0 asks for a streamed answer.
 */
public record UpstreamEditRequest(String model, String prompt, int n, String size, String quality, String background,
                                  String outputFormat, Integer outputCompression, String inputFidelity, String user,
                                  int partialImages, List<UpstreamFile> images, UpstreamFile mask) {

    public UpstreamEditRequest {
        Objects.requireNonNull(prompt, "prompt");
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("an edit needs at least one image");
        }
        if (partialImages < 0 || partialImages > 3) {
            throw new IllegalArgumentException("partial_images is 0 to 3");
        }
        images = List.copyOf(images);
    }

    /** True when the upstream is asked to stream partial images before the final ones. */
    public boolean streamed() {
        return partialImages > 0;
    }
}
