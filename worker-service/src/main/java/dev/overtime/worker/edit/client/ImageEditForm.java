package dev.overtime.worker.edit.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lays out an {@link UpstreamEditRequest} as OpenAI's multipart {@code CreateImageEditRequest} and streams it: each
 * file is copied through in small chunks as the body is sent, so the heap never holds an input image. The files are
 * opened here, on the caller's thread (the HTTP client's own threads know nothing of CDI or the application's class
 * loader), and closed with the form. The body's length is known up front (the parts' headers plus the stored
 * sizes), so it goes out with a {@code Content-Length} rather than chunked.
 */
final class ImageEditForm implements AutoCloseable {

    static final String SINGLE_IMAGE_FIELD = "image";
    // OpenAI reads several images only from the repeated array form of the field.
    static final String MANY_IMAGES_FIELD = "image[]";

    private final String boundary = "overtime-" + UUID.randomUUID();
    private final List<BodyPublisher> parts = new ArrayList<>();
    private final List<InputStream> opened = new ArrayList<>();
    private long length;

    private ImageEditForm() {
    }

    /** Opens every file of the request; on failure, whatever was opened is closed again. */
    static ImageEditForm of(UpstreamEditRequest request) throws IOException {
        ImageEditForm form = new ImageEditForm();
        try {
            form.layOut(request);
        } catch (IOException | RuntimeException e) {
            form.close();
            throw e;
        }
        return form;
    }

    private void layOut(UpstreamEditRequest request) throws IOException {
        String imageField = request.images().size() == 1 ? SINGLE_IMAGE_FIELD : MANY_IMAGES_FIELD;
        for (UpstreamFile image : request.images()) {
            file(imageField, image);
        }
        if (request.mask() != null) {
            file("mask", request.mask());
        }
        text("prompt", request.prompt());
        text("model", request.model());
        text("n", Integer.toString(request.n()));
        text("size", request.size());
        text("quality", request.quality());
        text("background", request.background());
        text("output_format", request.outputFormat());
        text("output_compression",
                request.outputCompression() == null ? null : request.outputCompression().toString());
        text("input_fidelity", request.inputFidelity());
        text("user", request.user());
        if (request.streamed()) {
            text("stream", "true");
            text("partial_images", Integer.toString(request.partialImages()));
        }
        bytes("--" + boundary + "--\r\n");
    }

    @Override
    public void close() {
        for (InputStream in : opened) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a stream we only read; nothing is lost if it fails to close
            }
        }
        opened.clear();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body, with its exact length; each file is opened as the body reaches it. */
    BodyPublisher body() {
        return BodyPublishers.fromPublisher(BodyPublishers.concat(parts.toArray(BodyPublisher[]::new)), length);
    }

    private void file(String field, UpstreamFile file) throws IOException {
        bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + headerSafe(file.filename()) + "\"\r\nContent-Type: " + headerSafe(file.contentType()) + "\r\n\r\n");
        InputStream content = file.content().open();
        opened.add(content);
        parts.add(BodyPublishers.ofInputStream(() -> content));
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
