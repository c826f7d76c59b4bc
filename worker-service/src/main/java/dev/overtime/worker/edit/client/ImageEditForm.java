package dev.overtime.worker.edit.client;

import io.vertx.core.buffer.Buffer;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** Lays out an {@link UpstreamEditRequest} as OpenAI's multipart {@code CreateImageEditRequest}. */
final class ImageEditForm {

    static final String SINGLE_IMAGE_FIELD = "image";
    // OpenAI reads several images only from the repeated array form of the field.
    static final String MANY_IMAGES_FIELD = "image[]";

    private ImageEditForm() {
    }

    static ClientMultipartForm of(UpstreamEditRequest request) {
        ClientMultipartForm form = ClientMultipartForm.create();
        String imageField = request.images().size() == 1 ? SINGLE_IMAGE_FIELD : MANY_IMAGES_FIELD;
        for (UpstreamFile image : request.images()) {
            file(form, imageField, image);
        }
        if (request.mask() != null) {
            file(form, "mask", request.mask());
        }
        text(form, "prompt", request.prompt());
        text(form, "model", request.model());
        text(form, "n", Integer.toString(request.n()));
        text(form, "size", request.size());
        text(form, "quality", request.quality());
        text(form, "background", request.background());
        text(form, "output_format", request.outputFormat());
        text(form, "output_compression",
                request.outputCompression() == null ? null : request.outputCompression().toString());
        text(form, "input_fidelity", request.inputFidelity());
        text(form, "user", request.user());
        if (request.streamed()) {
            text(form, "stream", "true");
            text(form, "partial_images", Integer.toString(request.partialImages()));
        }
        return form;
    }

    private static void file(ClientMultipartForm form, String field, UpstreamFile file) {
        form.binaryFileUpload(field, file.filename(), Buffer.buffer(file.data()), file.contentType());
    }

    // Unset optional fields are left out, so the upstream applies its documented defaults.
    private static void text(ClientMultipartForm form, String field, String value) {
        if (value != null && !value.isBlank()) {
            form.attribute(field, value, null);
        }
    }
}
