package dev.overtime.api.moderation.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** The parts of OpenAI's moderation answer we act on. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ModerationResponse(String id, String model, List<Result> results) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(boolean flagged, Map<String, Boolean> categories) {
    }
}
