package dev.overtime.worker.edit.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lays out an {@link UpstreamEditRequest} as OpenAI's multipart {@code CreateImageEditRequest} and streams it: each
 * file part is opened when the body reaches it and copied through in small chunks, so the heap never holds an
 * input image. The body's length is known up front (the parts' headers plus the stored sizes), so it goes out with
 * a {@code Content-Length} rather than chunked.
 */
final class ImageEditForm {

    static final String SINGLE_IMAGE_FIELD = "image";
    // OpenAI reads several images only from the repeated array form of the field.
    static final String MANY_IMAGES_FIELD = "image[]";

    private final String boundary = "overtime-" + UUID.randomUUID();
    private final List<BodyPublisher> parts = new ArrayList<>();
    private long length;

    private ImageEditForm() {
    }

    static ImageEditForm of(UpstreamEditRequest request) {
        ImageEditForm form = new ImageEditForm();
        String imageField = request.images().size() == 1 ? SINGLE_IMAGE_FIELD : MANY_IMAGES_FIELD;
        for (UpstreamFile image : request.images()) {
            form.file(imageField, image);
        }
        if (request.mask() != null) {
            form.file("mask", request.mask());
        }
        form.text("prompt", request.prompt());
        form.text("model", request.model());
        form.text("n", Integer.toString(request.n()));
        form.text("size", request.size());
        form.text("quality", request.quality());
        form.text("background", request.background());
        form.text("output_format", request.outputFormat());
        form.text("output_compression",
                request.outputCompression() == null ? null : request.outputCompression().toString());
        form.text("input_fidelity", request.inputFidelity());
        form.text("user", request.user());
        if (request.streamed()) {
            form.text("stream", "true");
            form.text("partial_images", Integer.toString(request.partialImages()));
        }
        form.bytes("--" + form.boundary + "--\r\n");
        return form;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body, with its exact length; each file is opened as the body reaches it. */
    BodyPublisher body() {
        return BodyPublishers.fromPublisher(BodyPublishers.concat(parts.toArray(BodyPublisher[]::new)), length);
    }

    long length() {
        return length;
    }

    private void file(String field, UpstreamFile file) {
        bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + headerSafe(file.filename()) + "\"\r\nContent-Type: " + headerSafe(file.contentType()) + "\r\n\r\n");
        parts.add(BodyPublishers.ofInputStream(() -> {
            try {
                return file.content().open();
            } catch (IOException e) {
                throw new UncheckedIOException("could not open " + file.filename() + " to send it upstream", e);
            }
        }));
        length += file.sizeBytes();
        bytes("\r\n");
    }

    // Unset optional fields are left out, so the upstream applies its documented defaults.
    private void text(String field, String value) {
        if (value != null && !value.isBlank()) {
            bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value
                    + "\r\n");
        }
    }

    private void bytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parts.add(BodyPublishers.ofByteArray(bytes));
        length += bytes.length;
    }

    /**
     * A filename or type as a quoted header value: control characters (CR/LF would start a new header) and quotes
     * become '_', so an uploaded name can never add or end a part header.
     */
    static String headerSafe(String value) {
        if (value == null || value.isEmpty()) {
            return "file";
        }
        StringBuilder safe = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            safe.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '_' : c);
        }
        return safe.toString();
    }
}
