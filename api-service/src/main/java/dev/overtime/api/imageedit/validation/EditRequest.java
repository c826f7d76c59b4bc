package dev.overtime.api.imageedit.validation;

import java.util.List;

/**
 * An image edit in OpenAI's fields that passed every check and may be stored as a job (Overtime's own options
 * travel beside it in {@link SubmitOptions}). The images are either uploads ({@code images}) or URLs the worker
 * fetches ({@code imageUrls}), never both; the mask is an upload, a URL, or neither. {@code modelSubstitutedFrom}:
 * the model the caller asked for when its retirement put {@code model} in its place, else null.
 */
public record EditRequest(String model, String prompt, int n, String size, String quality, String background,
                          String outputFormat, Integer outputCompression, String inputFidelity, String user,
                          List<UploadedImage> images, UploadedImage mask, List<String> imageUrls, String maskUrl,
                          String modelSubstitutedFrom) {

    public EditRequest {
        images = List.copyOf(images);
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    /** How many images the edit sends, uploaded or fetched. */
    public int imageCount() {
        return images.size() + imageUrls.size();
    }

    public boolean hasMask() {
        return mask != null || maskUrl != null;
    }
}
