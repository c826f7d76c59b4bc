package dev.overtime.api.imageedit.persistence;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.common.cost.Usd;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One upstream call made for a job, as recorded by the worker. {@code costUsd} (a decimal string, "0" for a call
 * without usage) is absent while the call runs and on calls recorded before costs were.
 */
public record AttemptSummary(int attempt, Instant startedAt, Long durationMs, Integer httpStatus,
                             String upstreamRequestId, String errorCode,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String costUsd) {

    /** The column's text as the wire's decimal string; null stays null. */
    static String usd(String column) {
        return column == null ? null : Usd.format(new BigDecimal(column));
    }
}
