package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parts of OpenAI's streamed edit events the worker keeps: {@code image_edit.partial_image},
 * {@code image_edit.completed}, and an {@code error} event (either OpenAI's envelope or the error's own fields).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ImageEditStreamEvent(String type,
                            @JsonProperty("b64_json") String b64Json,
                            @JsonProperty("partial_image_index") Integer partialImageIndex,
                            ImagesResponse.Usage usage,
                            OpenAiError error,
                            String message,
                            String code,
                            String param) {

    static final String PARTIAL_IMAGE = "image_edit.partial_image";
    static final String COMPLETED = "image_edit.completed";
    static final String ERROR = "error";

    /** The error this event reports, wherever the upstream put it. */
    OpenAiError asError() {
        if (error != null) {
            return error;
        }
        String text = message == null ? "the upstream reported an error in the stream" : message;
        return new OpenAiError(text, ERROR.equals(type) ? null : type, param, code);
    }
}
