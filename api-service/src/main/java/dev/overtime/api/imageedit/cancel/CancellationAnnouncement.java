package dev.overtime.api.imageedit.cancel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.Topics;
import dev.overtime.common.events.ImageEditCanceled;
import dev.overtime.common.events.JobEventEnvelope;
import dev.overtime.common.events.JobFacts;
import dev.overtime.outbox.Outbox;
import dev.overtime.outbox.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;


/**
 * Writes the {@code ImageEditCanceled} CloudEvent of a caller's cancel to the outbox, in the cancel's
 * transaction: analytics consumers and the other API replicas' streams learn of it like any other
 * lifecycle change.
 */
@ApplicationScoped
class CancellationAnnouncement {

    private static final String SOURCE = "/overtime/api-service";

    private final ObjectMapper json;
    private final Outbox outbox;

    CancellationAnnouncement(ObjectMapper json, Outbox outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void announce(ImageEditJob job) {
        ImageEditCanceled event = new ImageEditCanceled(ImageEditCanceled.SCHEMA_VERSION,
                new JobFacts(job.id, job.owner, job.model, job.size, job.quality, job.n), job.attempts,
                ErrorCode.CANCELED.name(), job.finishedAt);
        JobEventEnvelope envelope = JobEventEnvelope.of(SOURCE, ImageEditCanceled.TYPE, job.id, json.valueToTree(event))
                .withTraceparent(TraceContext.currentTraceparent().orElse(null));
        outbox.append(Topics.IMAGE_EDIT_EVENTS, job.id.toString(), envelope.toJson(), JobEventEnvelope.KAFKA_HEADERS);
    }
}
