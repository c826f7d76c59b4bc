package dev.overtime.simulator.edit;

/** OpenAI's streaming events for image edits ({@code ImageEditPartialImageEvent}, {@code ImageEditCompletedEvent}). */
public sealed interface ImageEditStreamEvent {

    String type();

    record PartialImage(String type, String b64Json, long createdAt, String size, String quality, String background,
            String outputFormat, int partialImageIndex) implements ImageEditStreamEvent {
    }

    record Completed(String type, String b64Json, long createdAt, String size, String quality, String background,
            String outputFormat, ImagesUsage usage) implements ImageEditStreamEvent {
    }
}
