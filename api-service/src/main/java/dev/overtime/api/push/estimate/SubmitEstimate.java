package dev.overtime.api.push.estimate;

import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;
import java.util.UUID;

/**
 * The estimate of the job a submit just created, worked out inside the submit's own transaction so that the
 * answer does not need a transaction of its own to count the queue again.
 */
@RequestScoped
public class SubmitEstimate {

    private UUID jobId;
    private Estimate estimate;

    public void remember(UUID jobId, Estimate estimate) {
        this.jobId = jobId;
        this.estimate = estimate;
    }

    public Optional<Estimate> forJob(UUID id) {
        return id.equals(jobId) ? Optional.of(estimate) : Optional.empty();
    }
}
