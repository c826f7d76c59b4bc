package dev.overtime.common.cost;

import dev.overtime.common.TokenUsage;

import java.math.BigDecimal;
import java.util.Objects;

/** What one model costs, in US dollars per million tokens of each kind OpenAI bills an image edit for. */
public record ModelPrice(BigDecimal inputTextPerMillion, BigDecimal inputImagePerMillion,
                         BigDecimal outputImagePerMillion) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        for (BigDecimal rate : new BigDecimal[]{inputTextPerMillion, inputImagePerMillion, outputImagePerMillion}) {
            if (Objects.requireNonNull(rate, "every rate is required").signum() < 0) {
                throw new IllegalArgumentException("a price cannot be negative: " + rate);
            }
        }
    }

    /**
     * The exact cost of {@code usage}. Input tokens the upstream did not split into text and image (no
     * {@code input_tokens_details}) are priced as image tokens, the dearer kind: a ledger may err high, not low.
     */
    public BigDecimal cost(TokenUsage usage) {
        long unsplit = Math.max(0, usage.inputTokens() - usage.inputTextTokens() - usage.inputImageTokens());
        BigDecimal perMillion = inputTextPerMillion.multiply(BigDecimal.valueOf(usage.inputTextTokens()))
                .add(inputImagePerMillion.multiply(BigDecimal.valueOf(usage.inputImageTokens() + unsplit)))
                .add(outputImagePerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())));
        // Dividing by 10^6 is exact: the scale grows by six, nothing is rounded.
        return perMillion.divide(MILLION);
    }
}
