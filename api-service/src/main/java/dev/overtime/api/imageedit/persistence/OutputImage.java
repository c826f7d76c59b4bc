package dev.overtime.api.imageedit.persistence;

/** An output image's bytes and what is needed to serve them. */
public record OutputImage(String contentType, byte[] data) {
}
