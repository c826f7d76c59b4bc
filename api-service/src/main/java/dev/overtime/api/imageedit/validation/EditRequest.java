package dev.overtime.api.imageedit.validation;

import java.util.List;

/**
 * An image edit in OpenAI's fields that passed every check and may be stored as a job (Overtime's own options
 * travel beside it in {@link SubmitOptions}).
 */
public record EditRequest(String model, String prompt, int n, String size, String quality, String background,
                          String outputFormat, Integer outputCompression, String inputFidelity, String user,
                          List<UploadedImage> images, UploadedImage mask) {
}
