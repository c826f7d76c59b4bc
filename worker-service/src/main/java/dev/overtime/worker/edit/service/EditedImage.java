package dev.overtime.worker.edit.service;

/** One generated image, inspected and stored in the bucket under {@code objectKey}, ready to record at {@code position}. */
public record EditedImage(int position, String contentType, int width, int height, long sizeBytes, String sha256Hex,
                          String objectKey) {
}
