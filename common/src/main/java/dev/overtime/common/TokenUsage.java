package dev.overtime.common;

/** OpenAI's token usage for one edit; zeroes when the upstream reported none. */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }
}
