package dev.overtime.api.imageedit.persistence;

/** An output image's metadata without its bytes, for job status answers. */
public record OutputSummary(int position, String contentType, int width, int height, int sizeBytes) {
}
