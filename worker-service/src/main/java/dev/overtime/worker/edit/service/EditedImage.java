package dev.overtime.worker.edit.service;

/** One generated image, inspected and ready to store at {@code position}. */
public record EditedImage(int position, String contentType, int width, int height, byte[] data) {
}
