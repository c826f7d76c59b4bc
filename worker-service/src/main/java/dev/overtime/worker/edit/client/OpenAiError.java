package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.common.UpstreamModeration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inside of OpenAI's error envelope {@code {"error":{...}}}; any field may be null. {@code moderationDetails} is
 * kept as a tree: its shape is not in OpenAI's spec, and a surprise in it must not cost us the error's code.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenAiError(String message, String type, String param, String code,
                          @JsonProperty("moderation_details") JsonNode moderationDetails) {

    public OpenAiError(String message, String type, String param, String code) {
        this(message, type, param, code, null);
    }

    /**
     * What a {@code moderation_blocked} error's {@code {"moderation_stage": "input"|"output", "categories": [...]}}
     * says, bounded; empty when the upstream sent none or nothing readable.
     */
    public Optional<UpstreamModeration> moderation() {
        if (moderationDetails == null || !moderationDetails.isObject()) {
            return Optional.empty();
        }
        JsonNode stage = moderationDetails.path("moderation_stage");
        List<String> categories = new ArrayList<>();
        for (JsonNode category : moderationDetails.path("categories")) {
            if (category.isTextual()) {
                categories.add(category.asText());
            }
        }
        return UpstreamModeration.bounded(stage.isTextual() ? stage.asText() : null, categories);
    }

    /** The envelope itself, only for reading. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(OpenAiError error) {
    }
}
