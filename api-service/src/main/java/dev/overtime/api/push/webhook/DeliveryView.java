package dev.overtime.api.push.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** One webhook message of a job as the caller sees it in the delivery log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String id, String event, String status, int attempts, Instant nextAttemptAt,
                           Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt,
                           List<Attempt> attemptLog) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, Instant attemptedAt, Integer httpStatus, String error, long durationMs) {
    }
}
