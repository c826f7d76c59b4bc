package dev.overtime.common.events;

/**
 * The upstream streamed partial image {@code partialImageIndex} (from 0) of a running job and the worker stored it
 * as row {@code (job_id, position)} of {@code image_edit_partial_images}; the image itself stays in the database.
 */
public record ImageEditPartialImage(int schemaVersion, JobFacts job, int partialImageIndex, String contentType) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.partial_image";
}
