package dev.overtime.worker.edit.service;

import dev.overtime.common.db.DatabaseOutage;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.client.OpenAiError;
import dev.overtime.worker.edit.client.ImageSpool;
import dev.overtime.worker.edit.client.OpenAiImageEditClient;
import dev.overtime.worker.edit.client.SpooledImage;
import dev.overtime.worker.edit.client.UpstreamResult;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import dev.overtime.worker.edit.observe.UpstreamAttempts;
import dev.overtime.worker.edit.service.InFlightEdits.AbortReason;
import dev.overtime.worker.edit.service.UpstreamFailureClassifier.Classification;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one attempt of the next edit in fair order: claim, call OpenAI, then settle the attempt as succeeded, failed,
 * retry later, or handed back. Never waits for a retry itself: a retry is a due time in the database.
 */
@ApplicationScoped
public class ImageEditRunner {

    private static final String MDC_JOB_ID = "jobId";

    private final JobLifecycle lifecycle;
    private final PartialImages partialImages;
    private final OpenAiImageEditClient openAi;
    private final OutputObjects objects;
    private final UpstreamFailureClassifier classifier;
    private final RetryPolicy retries;
    private final InFlightEdits inFlight;
    private final WorkerConfig config;
    private final UpstreamAttempts attempts;
    private final UrlInputs urlInputs;
    private final OutputVariants variants;

    public ImageEditRunner(JobLifecycle lifecycle, PartialImages partialImages, OpenAiImageEditClient openAi,
                           OutputObjects objects, UpstreamFailureClassifier classifier, RetryPolicy retries,
                           InFlightEdits inFlight, WorkerConfig config, UpstreamAttempts attempts,
                           UrlInputs urlInputs, OutputVariants variants) {
        this.attempts = attempts;
        this.urlInputs = urlInputs;
        this.variants = variants;
        this.lifecycle = lifecycle;
        this.partialImages = partialImages;
        this.openAi = openAi;
        this.objects = objects;
        this.classifier = classifier;
        this.retries = retries;
        this.inFlight = inFlight;
        this.config = config;
    }

    /**
     * Claims the next edit in fair order, sized to the memory {@code held} (see {@link JobLifecycle#claimNext}); the
     * claimed job is usually not the one whose request record woke us. Run it with {@link #run}.
     */
    public NextClaim claimNext(MemoryBudget.Reservation held) {
        return lifecycle.claimNext(held::resizeTo);
    }

    /** Runs a claimed edit: blocks for the whole upstream call (up to the configured timeout); use a virtual thread. */
    public void run(ClaimedJob job) {
        Object announced = MDC.get(MDC_JOB_ID);
        MDC.put(MDC_JOB_ID, job.jobId().toString());
        InFlightEdits.Entry entry = inFlight.start(job.jobId());
        try (ImageSpool spool = ImageSpool.create()) {
            execute(job, entry, spool);
        } catch (RuntimeException e) {
            failUnexpectedly(job, e);
        } finally {
            inFlight.finish(job.jobId());
            if (announced == null) {
                MDC.remove(MDC_JOB_ID);
            } else {
                MDC.put(MDC_JOB_ID, announced);
            }
        }
    }

    private void execute(ClaimedJob claimed, InFlightEdits.Entry entry, ImageSpool spool) {
        ClaimedJob job = claimed;
        if (!job.toFetch().isEmpty()) {
            Optional<ClaimedJob> fetched = fetchInputs(job);
            if (fetched.isEmpty()) {
                return;
            }
            job = fetched.get();
        }
        call(job, entry, spool);
    }

    // The first step of a job with URL inputs; a failure settles the attempt the way an upstream failure would.
    private Optional<ClaimedJob> fetchInputs(ClaimedJob job) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        UrlInputs.Resolution resolution = urlInputs.resolve(job);
        long fetchMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return switch (resolution) {
            case UrlInputs.Ready ready -> {
                Log.infof("image inputs fetched: attempt=%d urls=%d fetchMs=%d", job.attempt(), job.toFetch().size(),
                        fetchMs);
                yield Optional.of(ready.job());
            }
            case UrlInputs.NotOurs notOurs -> {
                Log.info("job is no longer ours (canceled or taken over); not calling the upstream");
                yield Optional.empty();
            }
            case UrlInputs.Failed failed -> {
                settle(job, new Classification(failed.code(), failed.retryable()), failed.message(), null, null, null,
                        TokenUsage.NONE, startedAt, fetchMs);
                yield Optional.empty();
            }
        };
    }

    private void call(ClaimedJob job, InFlightEdits.Entry entry, ImageSpool spool) {
        Log.infof("edit started: attempt=%d queueWaitMs=%d model=%s n=%d", job.attempt(),
                JobClock.millisBetween(job.createdAt(), job.startedAt()), job.facts().model(), job.facts().n());
        Instant callStartedAt = Instant.now();
        long started = System.nanoTime();
        UpstreamResult result = attempts.observe(job.facts().model(), job.attempt(), entry.handle(),
                () -> openAi.edit(job.request(), entry.handle(), spool,
                        (index, image) -> storePartial(job, index, image, spool)));
        long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        if (entry.handle().isAborted()) {
            settleAborted(job, entry.reason(), result, callStartedAt, latencyMs);
            return;
        }
        if (result instanceof Succeeded succeeded) {
            Optional<List<EditedImage>> images = objects.storeOutputs(job, succeeded.images());
            if (images.isPresent()) {
                List<OutputVariants.StoredVariant> made;
                try {
                    made = variants.make(job, succeeded.images());
                } catch (RuntimeException e) {
                    objects.discard(images.get());
                    throw e;
                }
                finishSucceeded(job, succeeded, images.get(), made, callStartedAt, latencyMs);
                return;
            }
            // OpenAI generated (and bills) what it sent, usable or not: the attempt keeps its usage.
            settleFailure(job, new Failed(succeeded.httpStatus(), succeeded.upstreamRequestId(),
                    FailureKind.INVALID_RESPONSE, new OpenAiError("the upstream returned an image that is not PNG, JPEG"
                    + " or WebP", null, null, null)), succeeded.usage(), callStartedAt, latencyMs);
            return;
        }
        settleFailure(job, (Failed) result, TokenUsage.NONE, callStartedAt, latencyMs);
    }

    // A partial image is a preview: one that cannot be stored (unreadable, store or database away) is skipped, never
    // the edit. Its object goes first; a row that could not be written (no longer ours, already there) deletes it.
    private void storePartial(ClaimedJob job, int index, SpooledImage image, ImageSpool spool) {
        try {
            Optional<OutputObjects.StoredPartial> stored = objects.storePartial(job, index, image);
            if (stored.isEmpty()) {
                Log.warnf("skipping partial image %d: not PNG, JPEG or WebP", index);
                return;
            }
            OutputObjects.StoredPartial partial = stored.get();
            boolean recorded = partialImages.record(job, index, partial.contentType(), partial.sizeBytes(),
                    partial.objectKey());
            if (!recorded) {
                objects.delete(partial.objectKey());
            }
            Log.infof("partial image received: attempt=%d index=%d bytes=%d stored=%b", job.attempt(), index,
                    partial.sizeBytes(), recorded);
        } catch (RuntimeException e) {
            Log.warnf("could not store partial image %d: %s", index, e.getMessage());
        } finally {
            spool.delete(image);
        }
    }

    private void finishSucceeded(ClaimedJob job, Succeeded result, List<EditedImage> images,
                                 List<OutputVariants.StoredVariant> made, Instant callStartedAt, long latencyMs) {
        AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, result.httpStatus(),
                result.upstreamRequestId(), null, result.usage());
        Optional<FinishedJob> finished = durably(() -> lifecycle.recordSuccess(job, attempt, images, made, latencyMs));
        if (finished.isEmpty()) {
            Log.info("job is no longer ours (canceled or taken over); discarding the images");
            objects.discard(images);
            variants.discard(made);
            return;
        }
        Log.infof("edit succeeded: attempt=%d images=%d variants=%d upstreamLatencyMs=%d upstreamRequestId=%s",
                job.attempt(), images.size(), made.size(), latencyMs, result.upstreamRequestId());
    }

    private void settleFailure(ClaimedJob job, Failed result, TokenUsage usage, Instant callStartedAt,
                               long latencyMs) {
        Classification classification = classifier.classify(result);
        String message = UpstreamMessages.safe(result.error() == null ? null : result.error().message());
        settle(job, classification, message, result.httpStatus(), result.upstreamRequestId(), result.retryAfter(),
                usage, callStartedAt, latencyMs);
    }

    // Retry later when the failure is worth it and attempts and deadline allow; otherwise end the job failed.
    private void settle(ClaimedJob job, Classification classification, String message, Integer httpStatus,
                        String upstreamRequestId, Duration retryAfter, TokenUsage usage, Instant callStartedAt,
                        long latencyMs) {
        AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, httpStatus,
                upstreamRequestId, classification.code(), usage);
        if (classification.retryable()) {
            Optional<Instant> due = retries.nextAttemptAt(job.attempt(), retryAfter, job.deadlineAt(),
                    Instant.now());
            if (due.isPresent()) {
                boolean requeued = durably(() -> lifecycle.scheduleRetry(job, attempt, due.get()));
                attempts.retryScheduled(classification.code());
                Log.infof("edit attempt failed, retrying: attempt=%d errorCode=%s httpStatus=%s retryAt=%s "
                                + "upstreamHintMs=%s requeued=%b", job.attempt(), classification.code(),
                        httpStatus, due.get(), retryAfter == null ? null : retryAfter.toMillis(), requeued);
                return;
            }
        }
        Optional<FinishedJob> finished = durably(() -> lifecycle.recordFailure(job, attempt, classification.code(),
                message, classification.moderation(), latencyMs));
        if (finished.isEmpty()) {
            Log.info("job is no longer ours (canceled or taken over); not marking it failed");
            return;
        }
        Log.warnf("edit failed: attempt=%d errorCode=%s httpStatus=%s retryable=%s upstreamRequestId=%s message=%s"
                        + " moderation=%s", job.attempt(), classification.code(), httpStatus,
                classification.retryable(), upstreamRequestId, message, classification.moderation());
    }

    private void settleAborted(ClaimedJob job, AbortReason reason, UpstreamResult result, Instant callStartedAt,
                               long latencyMs) {
        // An answer that arrived as the job stopped being ours was generated all the same, and is billed.
        TokenUsage usage = result instanceof Succeeded succeeded ? succeeded.usage() : TokenUsage.NONE;
        if (reason == AbortReason.SHUTDOWN) {
            AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, result.httpStatus(),
                    result.upstreamRequestId(), ErrorCode.ATTEMPT_ABANDONED, usage);
            boolean handedBack = durably(() -> lifecycle.handBack(job, attempt));
            Log.infof("edit handed back at shutdown: attempt=%d handedBack=%b", job.attempt(), handedBack);
            return;
        }
        AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, result.httpStatus(),
                result.upstreamRequestId(), ErrorCode.CANCELED, usage);
        durably(() -> {
            lifecycle.recordAbandonedAttempt(job, attempt);
            return null;
        });
        Log.infof("edit abandoned: the job is no longer ours (canceled or taken over): attempt=%d", job.attempt());
    }

    private <T> T durably(java.util.function.Supplier<T> write) {
        return DatabaseRetry.retrying(write, config.storeRetryFor());
    }

    // Once claimed, a job must not be left running because of a bug: end it as failed. If even that fails (the
    // database stayed away), the lease expires and another worker takes the job over.
    private void failUnexpectedly(ClaimedJob job, RuntimeException failure) {
        if (DatabaseOutage.isCause(failure)) {
            Log.warnf("database unavailable during the edit; the job is left to its lease and will be taken over: %s",
                    failure.toString());
            return;
        }
        Log.errorf(failure, "edit aborted by an unexpected error");
        try {
            lifecycle.recordFailure(job, null, ErrorCode.INTERNAL_ERROR, "the worker failed while running the edit",
                    null, 0);
        } catch (RuntimeException again) {
            Log.errorf(again, "could not mark the job failed; its lease will expire and it will be taken over");
        }
    }
}
