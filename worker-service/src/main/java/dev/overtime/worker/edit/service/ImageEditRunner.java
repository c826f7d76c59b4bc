package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.worker.edit.client.OpenAiError;
import dev.overtime.worker.edit.client.OpenAiImageEditClient;
import dev.overtime.worker.edit.client.UpstreamResult;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import dev.overtime.worker.edit.messaging.LifecycleEventPublisher;
import dev.overtime.worker.edit.service.ImageInspector.InspectedImage;
import dev.overtime.worker.edit.service.UpstreamFailureClassifier.Classification;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs one requested edit end to end: claim, announce, call OpenAI, record the outcome, announce it. */
@ApplicationScoped
public class ImageEditRunner {

    private final JobLifecycle lifecycle;
    private final OpenAiImageEditClient openAi;
    private final ImageInspector inspector;
    private final UpstreamFailureClassifier classifier;
    private final LifecycleEventPublisher events;

    public ImageEditRunner(JobLifecycle lifecycle, OpenAiImageEditClient openAi, ImageInspector inspector,
                           UpstreamFailureClassifier classifier, LifecycleEventPublisher events) {
        this.lifecycle = lifecycle;
        this.openAi = openAi;
        this.inspector = inspector;
        this.classifier = classifier;
        this.events = events;
    }

    /** Blocks for the whole upstream call (up to the configured timeout); run it on a virtual thread. */
    public void run(ImageEditRequested requested) {
        Optional<ClaimedJob> claimed = lifecycle.claim(requested.jobId());
        if (claimed.isEmpty()) {
            return;
        }
        ClaimedJob job = claimed.get();
        try {
            execute(job);
        } catch (RuntimeException e) {
            failUnexpectedly(job, e);
        }
    }

    private void execute(ClaimedJob job) {
        long queueWaitMs = millisBetween(job.createdAt(), job.startedAt());
        Log.infof("edit started: attempt=%d queueWaitMs=%d model=%s n=%d", job.attempt(), queueWaitMs,
                job.facts().model(), job.facts().n());
        events.publish(ImageEditStarted.TYPE, job.facts().jobId(), new ImageEditStarted(
                ImageEditStarted.SCHEMA_VERSION, job.facts(), job.attempt(), queueWaitMs, job.startedAt()));

        Instant callStartedAt = Instant.now();
        long started = System.nanoTime();
        UpstreamResult result = openAi.edit(job.request());
        long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        if (result instanceof Succeeded succeeded) {
            Optional<List<EditedImage>> images = inspect(succeeded.images());
            if (images.isPresent()) {
                finishSucceeded(job, succeeded, images.get(), callStartedAt, latencyMs);
                return;
            }
            result = new Failed(succeeded.httpStatus(), succeeded.upstreamRequestId(), FailureKind.INVALID_RESPONSE,
                    new OpenAiError("the upstream returned an image that is not PNG, JPEG or WebP", null, null, null));
        }
        finishFailed(job, (Failed) result, callStartedAt, latencyMs);
    }

    private void finishSucceeded(ClaimedJob job, Succeeded result, List<EditedImage> images, Instant callStartedAt,
                                 long latencyMs) {
        AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, result.httpStatus(),
                result.upstreamRequestId(), null, result.usage());
        Optional<FinishedJob> finished = lifecycle.recordSuccess(job.facts().jobId(), attempt, images);
        if (finished.isEmpty()) {
            Log.info("job stopped running during the edit (canceled?); discarding the images");
            return;
        }
        long totalMs = millisBetween(job.createdAt(), finished.get().finishedAt());
        Log.infof("edit succeeded: images=%d upstreamLatencyMs=%d totalDurationMs=%d upstreamRequestId=%s",
                images.size(), latencyMs, totalMs, result.upstreamRequestId());
        events.publish(ImageEditSucceeded.TYPE, job.facts().jobId(), new ImageEditSucceeded(
                ImageEditSucceeded.SCHEMA_VERSION, job.facts(), finished.get().attempts(),
                millisBetween(job.createdAt(), job.startedAt()), latencyMs, totalMs, images.size(), result.usage(),
                finished.get().finishedAt()));
    }

    private void finishFailed(ClaimedJob job, Failed result, Instant callStartedAt, long latencyMs) {
        Classification classification = classifier.classify(result);
        String message = UpstreamMessages.safe(result.error() == null ? null : result.error().message());
        AttemptRecord attempt = new AttemptRecord(job.attempt(), callStartedAt, latencyMs, result.httpStatus(),
                result.upstreamRequestId(), classification.code(), TokenUsage.NONE);
        Optional<FinishedJob> finished = lifecycle.recordFailure(job.facts().jobId(), attempt,
                classification.code(), message);
        if (finished.isEmpty()) {
            Log.info("job stopped running during the edit (canceled?); not marking it failed");
            return;
        }
        long totalMs = millisBetween(job.createdAt(), finished.get().finishedAt());
        Log.warnf("edit failed: errorCode=%s httpStatus=%s retryable=%s upstreamRequestId=%s message=%s",
                classification.code(), result.httpStatus(), classification.retryable(), result.upstreamRequestId(),
                message);
        events.publish(ImageEditFailed.TYPE, job.facts().jobId(), new ImageEditFailed(
                ImageEditFailed.SCHEMA_VERSION, job.facts(), finished.get().attempts(),
                millisBetween(job.createdAt(), job.startedAt()), latencyMs, totalMs, classification.code().name(),
                message, finished.get().finishedAt()));
    }

    private Optional<List<EditedImage>> inspect(List<byte[]> images) {
        List<EditedImage> inspected = new ArrayList<>(images.size());
        for (int position = 0; position < images.size(); position++) {
            byte[] data = images.get(position);
            Optional<InspectedImage> image = inspector.inspect(data);
            if (image.isEmpty()) {
                return Optional.empty();
            }
            inspected.add(new EditedImage(position, image.get().contentType(), image.get().width(),
                    image.get().height(), data));
        }
        return Optional.of(inspected);
    }

    private static long millisBetween(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }

    // Once claimed, a job must not be left running because of a bug or a database hiccup: end it as failed.
    private void failUnexpectedly(ClaimedJob job, RuntimeException failure) {
        Log.errorf(failure, "edit aborted by an unexpected error");
        try {
            lifecycle.recordFailure(job.facts().jobId(), null, ErrorCode.INTERNAL_ERROR,
                    "the worker failed while running the edit").ifPresent(finished ->
                    events.publish(ImageEditFailed.TYPE, job.facts().jobId(), new ImageEditFailed(
                            ImageEditFailed.SCHEMA_VERSION, job.facts(), finished.attempts(),
                            millisBetween(job.createdAt(), job.startedAt()), 0,
                            millisBetween(job.createdAt(), finished.finishedAt()), ErrorCode.INTERNAL_ERROR.name(),
                            "the worker failed while running the edit", finished.finishedAt())));
        } catch (RuntimeException again) {
            Log.errorf(again, "could not mark the job failed; it stays running");
        }
    }
}
