package dev.overtime.common.cost;

import java.math.BigDecimal;

/**
 * What a job has cost so far, as the job view and the finished events carry it: {@code usd} is a decimal string
 * (exact, never a float), {@code billedAttempts} the attempts OpenAI billed (those that reported usage).
 */
public record JobCost(String usd, int billedAttempts) {

    public static JobCost of(BigDecimal usd, int billedAttempts) {
        return new JobCost(Usd.format(usd), billedAttempts);
    }
}
