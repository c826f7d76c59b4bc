package dev.overtime.api.cost.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The caller's usage over a range: billed upstream attempts only (an attempt that failed without usage cost
 * nothing and is not counted). {@code jobs}: jobs with a billed attempt in the range; {@code images}: images their
 * succeeded attempts delivered; {@code usd}: a decimal string, each attempt priced at the table in force when it
 * ran. {@code groups} is present when {@code groupBy} asked for it, ordered by model, then day.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageReport(String object, Instant from, Instant to, List<String> groupBy, Totals totals,
                          List<Group> groups) {

    public record Totals(long jobs, long images, long inputTokens, long outputTokens, long totalTokens, String usd) {
    }

    /** {@code model} and {@code day} (UTC) appear when grouped by them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(String model, LocalDate day, long jobs, long images, long inputTokens, long outputTokens,
                        long totalTokens, String usd) {
    }
}
