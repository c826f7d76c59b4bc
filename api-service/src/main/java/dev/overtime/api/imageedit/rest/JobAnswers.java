package dev.overtime.api.imageedit.rest;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.imageedit.service.Submitted;
import dev.overtime.api.imageedit.view.JobSnapshot;
import dev.overtime.api.imageedit.view.RenderedJob;
import dev.overtime.api.push.estimate.Estimate;
import dev.overtime.api.imageedit.view.JobViews;
import dev.overtime.api.models.RetirementHeaders;
import dev.overtime.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the HTTP answers that carry one job: status, {@code Location}, {@code Retry-After}, {@code ETag} and body;
 * on a submit for a deprecated or retiring model, {@code Deprecation} and {@code Sunset} (from the view's notice).
 * {@code Prefer: wait} may still hold such an answer and replace it with the finished job (push.wait.JobAnswerFilter).
 */
@ApplicationScoped
class JobAnswers {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final ApiConfig.Polling polling;

    JobAnswers(ApiConfig config) {
        this.polling = config.polling();
    }

    Response submitted(Submitted submitted) {
        return switch (submitted) {
            case Submitted.Accepted accepted -> jobAnswer(accepted.job(), 202)
                    .header("Retry-After", accepted.job().retryAfterSeconds()).build();
            case Submitted.Reused reused -> jobAnswer(reused.job(), 200).build();
            // As recorded, without an ETag; Retry-After is the fixed queued interval, as no estimate was recorded.
            case Submitted.Replayed replayed -> {
                Response.ResponseBuilder answer = Response.status(replayed.status())
                        .location(location(replayed.jobId()))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(replayed.body())
                        .header(REPLAYED_HEADER, "true");
                if (replayed.status() == 202) {
                    answer.header("Retry-After", polling.queuedRetryAfterSeconds());
                }
                yield answer.build();
            }
        };
    }

    /**
     * {@code GET /v1/image-edits/{id}}: the job as rendered once (its queue position added), with an estimate of
     * when to look again while it is unfinished.
     */
    Response current(RenderedJob job, Estimate estimate) {
        Response.ResponseBuilder answer = Response.ok(job.withQueuePosition(estimate.queuePosition()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (!job.terminal()) {
            answer.header("Retry-After", estimate.retryAfterSeconds());
        }
        return cacheable(answer, job.etag());
    }

    /** The job has not changed since the caller's {@code If-None-Match}. */
    Response notModified(RenderedJob job) {
        Response.ResponseBuilder answer = Response.notModified();
        if (!job.terminal()) {
            answer.header("Retry-After", job.status() == JobStatus.QUEUED
                    ? polling.queuedRetryAfterSeconds() : polling.runningRetryAfterSeconds());
        }
        return cacheable(answer, job.etag());
    }

    /** The job after a cancel (finished, so nothing to wait for). */
    Response canceled(JobSnapshot job) {
        Response.ResponseBuilder answer = Response.ok(job.view());
        if (!job.terminal()) {
            answer.header("Retry-After", job.retryAfterSeconds());
        }
        return answer.header("ETag", job.etag()).build();
    }

    private static Response.ResponseBuilder jobAnswer(JobSnapshot job, int status) {
        Response.ResponseBuilder answer = Response.status(status)
                .location(location(job.id()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(job.view())
                .header("ETag", job.etag());
        return job.view().modelNotice() == null ? answer
                : RetirementHeaders.add(answer, job.view().modelNotice(), Instant.now());
    }

    private static Response cacheable(Response.ResponseBuilder answer, String etag) {
        return answer.header("ETag", etag).header("Cache-Control", "private, no-cache").build();
    }

    private static URI location(UUID jobId) {
        return URI.create(JobViews.BASE + "/" + jobId);
    }
}
