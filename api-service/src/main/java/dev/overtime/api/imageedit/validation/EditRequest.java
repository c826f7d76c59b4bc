package dev.overtime.api.imageedit.validation;

import java.util.List;

/** An image edit request (webhook is null when none was asked for) that passed every check and may be stored as a job. */
public record EditRequest(String model, String prompt, int n, String size, String quality, String background,
                          String outputFormat, Integer outputCompression, String inputFidelity, String user,
                          List<UploadedImage> images, UploadedImage mask, int partialImages,
                          WebhookRequest webhook) {
}
