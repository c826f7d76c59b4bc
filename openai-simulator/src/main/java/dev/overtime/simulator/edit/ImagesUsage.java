package dev.overtime.simulator.edit;

/** OpenAI's {@code ImagesUsage}: token counts for one image request. */
public record ImagesUsage(long inputTokens, long outputTokens, long totalTokens, InputTokensDetails inputTokensDetails) {

    public record InputTokensDetails(long textTokens, long imageTokens) {
    }
}
