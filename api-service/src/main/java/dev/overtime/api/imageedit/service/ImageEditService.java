package dev.overtime.api.imageedit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.accounts.client.EntitlementGrant;
import dev.overtime.api.imageedit.persistence.ImageEditInput;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.UploadedImage;
import dev.overtime.api.moderation.client.ModerationVerdict;
import dev.overtime.common.JobStatus;
import dev.overtime.common.Topics;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Accepts validated edit requests: the job, its inputs and its Kafka announcement commit together. */
// The caller's transaction claims the request deadline as its last step (see Submissions).
@ApplicationScoped
public class ImageEditService {

    private final ObjectMapper json;
    private final Event<JobChanged> changes;
    private final Event<JobAccepted> accepted;
    private final Outbox outbox;

    public ImageEditService(ObjectMapper json, Event<JobChanged> changes, Event<JobAccepted> accepted, Outbox outbox) {
        this.json = json;
        this.changes = changes;
        this.accepted = accepted;
        this.outbox = outbox;
    }

    /**
     * @param inputHash       the inputs' fingerprint, for later {@code reuse=true} requests
     * @param deadlineSeconds the caller's {@code deadline} from now, or null for none
     */
    @Transactional
    public ImageEditJob submit(String owner, String requestId, EditRequest request, ModerationVerdict moderation,
                               EntitlementGrant entitlements, String inputHash, Integer deadlineSeconds) {
        // PostgreSQL keeps microseconds; truncating here keeps list cursors and ETags stable.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ImageEditJob job = new ImageEditJob();
        job.id = UUID.randomUUID();
        MDC.put("jobId", job.id.toString());
        job.owner = owner;
        job.status = JobStatus.QUEUED.wireName();
        job.model = request.model();
        job.prompt = request.prompt();
        job.n = request.n();
        job.size = request.size();
        job.quality = request.quality();
        job.background = request.background();
        job.outputFormat = request.outputFormat();
        job.outputCompression = request.outputCompression();
        job.inputFidelity = request.inputFidelity();
        job.endUser = request.user();
        job.requestId = requestId;
        job.moderationStatus = moderation.wireName();
        job.moderationDetail = moderation.detail();
        job.entitlementSource = entitlements.source();
        job.entitlementPlan = entitlements.enforced() ? entitlements.entitlements().plan() : null;
        job.partialImages = request.partialImages();
        job.inputHash = inputHash;
        job.deadlineAt = deadlineSeconds == null ? null : now.plusSeconds(deadlineSeconds);
        job.createdAt = now;
        job.updatedAt = now;
        job.persist();

        for (int i = 0; i < request.images().size(); i++) {
            storeInput(job.id, "image", i, request.images().get(i));
        }
        if (request.mask() != null) {
            storeInput(job.id, "mask", 0, request.mask());
        }
        announce(ImageEditRequested.of(job.id, owner, requestId, now));
        // Observers in this transaction (webhook registration) can still refuse the job.
        accepted.fire(new JobAccepted(job.id, owner, request));
        changes.fire(new JobChanged(job.id, owner));
        Log.infof("Image edit accepted: model=%s n=%d size=%s images=%d mask=%b moderation=%s entitlements=%s",
                job.model, job.n, job.size, request.images().size(), request.mask() != null,
                job.moderationStatus, job.entitlementSource);
        return job;
    }

    private void storeInput(UUID jobId, String role, int position, UploadedImage upload) {
        ImageEditInput input = new ImageEditInput();
        input.key = new ImageEditInput.Key(jobId, role, position);
        input.filename = upload.filename() == null || upload.filename().isBlank() ? role + position : upload.filename();
        input.contentType = upload.contentType();
        input.width = upload.inspected().width();
        input.height = upload.inspected().height();
        input.sizeBytes = upload.bytes().length;
        input.data = upload.bytes();
        input.persist();
    }

    private void announce(ImageEditRequested event) {
        try {
            outbox.append(Topics.IMAGE_EDIT_REQUESTS, event.jobId().toString(), json.writeValueAsString(event), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
    }
}
