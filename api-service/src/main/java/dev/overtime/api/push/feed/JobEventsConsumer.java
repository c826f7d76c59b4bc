package dev.overtime.api.push.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.imageedit.view.JobSnapshotCache;
import dev.overtime.api.imageedit.view.JobViews;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.common.events.ImageEditCanceled;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditPartialImage;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobEventEnvelope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the workers' lifecycle CloudEvents from {@code image-edit.events}. Each replica consumes
 * in a consumer group of its own (see application.properties), so every replica sees every event
 * and can serve any job's stream without sticky sessions.
 */
@ApplicationScoped
public class JobEventsConsumer {

    /**
     * Published by the worker after it stored row {@code (job_id, position)} in {@code image_edit_partial_images}:
     * a structured CloudEvent keyed by job id, {@code subject} = job id, {@code data} =
     * {@code {"schemaVersion":1,"job":{JobFacts},"partialImageIndex":0,"contentType":"image/png"}}.
     */
    public static final String PARTIAL_IMAGE_TYPE = ImageEditPartialImage.TYPE;
    public static final String CANCELED_TYPE = ImageEditCanceled.TYPE;

    private final JobChangeFeed feed;
    private final QueueEstimates estimates;
    private final JobSnapshotCache answers;
    private final AtomicLong received = new AtomicLong();

    public JobEventsConsumer(JobChangeFeed feed, QueueEstimates estimates, JobSnapshotCache answers) {
        this.feed = feed;
        this.estimates = estimates;
        this.answers = answers;
    }

    @Incoming("job-events")
    public void relayJobEvent(String value) {
        received.incrementAndGet();
        JobEventEnvelope event;
        try {
            event = JobEventEnvelope.parse(value);
        } catch (IllegalArgumentException e) {
            Log.warnf("Skipping an unreadable job event: %s", e.getMessage());
            return;
        }
        answers.eventDelivered(createdAt(event));
        String type = event.type() == null ? "" : event.type();
        UUID jobId = event.jobId().orElse(null);
        if (jobId == null) {
            return;
        }
        JsonNode data = event.data();
        switch (type) {
            case ImageEditSucceeded.TYPE, ImageEditFailed.TYPE -> {
                if (data.hasNonNull("upstreamLatencyMs") && ImageEditSucceeded.TYPE.equals(type)) {
                    estimates.observeUpstreamLatency(data.get("upstreamLatencyMs").asLong());
                }
                feed.jobChanged(jobId);
            }
            case ImageEditStarted.TYPE, CANCELED_TYPE -> feed.jobChanged(jobId);
            case PARTIAL_IMAGE_TYPE -> {
                int index = data.path("partialImageIndex").asInt(-1);
                if (index >= 0) {
                    feed.partialImage(new PartialImage(jobId, index,
                            JobViews.BASE + "/" + jobId + "/partial-images/" + index));
                }
            }
            default -> Log.debugf("Ignoring job event of type %s", type);
        }
    }

    // When the producer wrote the event: how far behind the feed is running.
    private static Instant createdAt(JobEventEnvelope event) {
        try {
            return event.time() == null ? null : Instant.parse(event.time());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** How many records this replica has read; tests wait on it to know the consumer is assigned. */
    public long received() {
        return received.get();
    }
}
