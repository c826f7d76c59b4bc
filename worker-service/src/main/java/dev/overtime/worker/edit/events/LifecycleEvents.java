package dev.overtime.worker.edit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.Topics;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.JobEventEnvelope;
import dev.overtime.outbox.Outbox;
import dev.overtime.outbox.TraceContext;
import dev.overtime.worker.edit.observe.EditMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Records lifecycle events (structured CloudEvents on {@code image-edit.events}) and request records (on
 * {@code image-edit.requests}) in the outbox, inside the transaction of the state change they announce: an event
 * exists exactly when its state change committed, and is published at least once.
 */
@ApplicationScoped
public class LifecycleEvents {

    static final String SOURCE = "/overtime/worker-service";

    private final Outbox outbox;
    private final ObjectMapper json;
    private final EditMetrics metrics;

    public LifecycleEvents(Outbox outbox, ObjectMapper json, EditMetrics metrics) {
        this.outbox = outbox;
        this.json = json;
        this.metrics = metrics;
    }

    /** Writes {@code event} as the data of a CloudEvent of {@code type}, subject and key the job id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String type, UUID jobId, Object event) {
        JobEventEnvelope envelope = JobEventEnvelope.of(SOURCE, type, jobId, json.valueToTree(event))
                .withTraceparent(TraceContext.currentTraceparent().orElse(null));
        outbox.append(Topics.IMAGE_EDIT_EVENTS, jobId.toString(), envelope.toJson(), JobEventEnvelope.KAFKA_HEADERS);
        metrics.lifecycleEvent(event);
    }

    /** Announces a queued job to the workers again (after a retry's due time, a lost record, a hand-back). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestRun(UUID jobId, String owner, String requestId, Instant requestedAt) {
        try {
            outbox.append(Topics.IMAGE_EDIT_REQUESTS, jobId.toString(),
                    json.writeValueAsString(ImageEditRequested.of(jobId, owner, requestId, requestedAt)), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contract records always serialise", e);
        }
    }
}
