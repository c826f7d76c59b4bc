package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The inside of OpenAI's error envelope {@code {"error":{...}}}; any field may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenAiError(String message, String type, String param, String code) {

    /** The envelope itself, only for reading. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(OpenAiError error) {
    }
}
