package dev.overtime.simulator.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}, and on a {@code moderation_blocked}
 * refusal {@code "moderation_details":{"moderation_stage":"input"|"output","categories":[...]}} (not in OpenAI's
 * spec; the shape its API sends and its SDKs' users see).
 */
public record ErrorResponse(Body error) {

    public record Body(String message, String type, String param, String code,
                       @JsonProperty("moderation_details") @JsonInclude(JsonInclude.Include.NON_NULL)
                       ModerationDetails moderationDetails) {
    }

    /** Where the safety system stopped the request ({@code input} or {@code output}) and under which categories. */
    public record ModerationDetails(@JsonProperty("moderation_stage") String moderationStage,
                                    List<String> categories) {
    }
}
