package dev.overtime.common;

/**
 * OpenAI's token usage for one edit; zeroes when the upstream reported none. {@code inputTextTokens} and
 * {@code inputImageTokens} are {@code usage.input_tokens_details}, priced apart (cost.ModelPrice); they came after
 * the first three, so a reader of older events finds them 0.
 */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens, long inputTextTokens,
                         long inputImageTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || totalTokens < 0 || inputTextTokens < 0 || inputImageTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** True when the upstream reported any tokens: the attempt generated something and OpenAI bills it. */
    public boolean billable() {
        return inputTokens > 0 || outputTokens > 0 || totalTokens > 0;
    }
}
