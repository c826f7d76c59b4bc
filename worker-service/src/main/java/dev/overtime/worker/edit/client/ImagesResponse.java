package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The parts of OpenAI's {@code ImagesResponse} the worker keeps. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ImagesResponse(List<Image> data, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Image(@JsonProperty("b64_json") String b64Json) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(@JsonProperty("input_tokens") long inputTokens,
                 @JsonProperty("output_tokens") long outputTokens,
                 @JsonProperty("total_tokens") long totalTokens) {
    }
}
