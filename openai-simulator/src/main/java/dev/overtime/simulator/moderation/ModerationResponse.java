package dev.overtime.simulator.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code CreateModerationResponse}. Category names contain slashes ({@code hate/threatening}),
 * so categories are maps rather than record components.
 */
public record ModerationResponse(String id, String model, List<Result> results) {

    public record Result(boolean flagged, Map<String, Boolean> categories,
            @JsonProperty("category_scores") Map<String, Double> categoryScores,
            @JsonProperty("category_applied_input_types") Map<String, List<String>> categoryAppliedInputTypes) {
    }
}
