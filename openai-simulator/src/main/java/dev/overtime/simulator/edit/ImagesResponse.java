package dev.overtime.simulator.edit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.overtime.simulator.http.TokenCounted;
import java.util.List;

/** OpenAI's {@code ImagesResponse} for GPT image models. */
public record ImagesResponse(long created, List<Image> data, String background, String outputFormat, String quality,
        String size, ImagesUsage usage) implements TokenCounted {

    public record Image(String b64Json) {
    }

    @JsonIgnore
    @Override
    public long totalTokens() {
        return usage.totalTokens();
    }
}
