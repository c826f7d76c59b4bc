package dev.overtime.api.imageedit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.imageedit.persistence.ImageEditInput;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.SubmitOptions;
import dev.overtime.api.imageedit.validation.UploadFilenames;
import dev.overtime.api.imageedit.validation.UploadedImage;
import dev.overtime.api.owners.Priority;
import dev.overtime.common.JobStatus;
import dev.overtime.common.Topics;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.MDC;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Stores a new job: its row, its inputs' rows (their bytes are already in the object store) and its Kafka
 * announcement (an outbox record), in the caller's transaction.
 */
@ApplicationScoped
public class JobWriter {

    private final ObjectMapper json;
    private final Outbox outbox;

    JobWriter(ObjectMapper json, Outbox outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    /**
     * @param inputHash the inputs' fingerprint, for later {@code reuse=true} requests
     * @param priority  where it goes in the owner's queue, already checked against the owner's limits
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ImageEditJob create(UUID jobId, String owner, String requestId, EditRequest request, SubmitOptions options,
                        Admission admitted, String inputHash, List<InputObjects.StoredInput> inputs,
                        Priority priority) {
        // PostgreSQL keeps microseconds; truncating here keeps list cursors and ETags stable.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ImageEditJob job = new ImageEditJob();
        job.id = jobId;
        MDC.put("jobId", job.id.toString());
        job.owner = owner;
        job.status = JobStatus.QUEUED.wireName();
        job.model = request.model();
        job.modelSubstitutedFrom = request.modelSubstitutedFrom();
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
        job.moderationStatus = admitted.moderation().wireName();
        job.moderationDetail = admitted.moderation().detail();
        job.entitlementSource = admitted.entitlements().source();
        job.entitlementPlan = admitted.entitlements().enforced() ? admitted.entitlements().entitlements().plan() : null;
        job.partialImages = options.partialImages();
        job.inputHash = inputHash;
        job.variants = options.variants().isEmpty() ? null : String.join(",", options.variants());
        job.deadlineAt = options.deadlineSeconds() == null ? null : now.plusSeconds(options.deadlineSeconds());
        job.priority = (short) priority.rank();
        job.createdAt = now;
        job.updatedAt = now;
        // Flushed now so that PostgreSQL's queue ticket (V8) is on the job for the accept's queue position.
        job.persistAndFlush();

        for (InputObjects.StoredInput input : inputs) {
            describeInput(job.id, input);
        }
        for (int i = 0; i < request.imageUrls().size(); i++) {
            describeUrlInput(job.id, InputObjects.ROLE_IMAGE, i, request.imageUrls().get(i));
        }
        if (request.maskUrl() != null) {
            describeUrlInput(job.id, InputObjects.ROLE_MASK, 0, request.maskUrl());
        }
        announce(ImageEditRequested.of(job.id, owner, requestId, now));
        return job;
    }

    // The bytes are in the object store already; the row says where, and what they are.
    private void describeInput(UUID jobId, InputObjects.StoredInput stored) {
        UploadedImage upload = stored.upload();
        ImageEditInput input = new ImageEditInput();
        input.key = new ImageEditInput.Key(jobId, stored.role(), stored.position());
        input.filename = upload.filename() == null || upload.filename().isBlank()
                ? stored.role() + stored.position() : upload.filename();
        input.contentType = upload.contentType();
        input.width = upload.inspected().width();
        input.height = upload.inspected().height();
        input.sizeBytes = Math.toIntExact(stored.object().size());
        // Not stored: the key is made from the row's own (ObjectKeys.input), which InputObjects stored it under.
        input.sha256 = stored.object().sha256Hex();
        input.persist();
    }

    // Only the URL for now: the worker fetches it as the job's first step and fills in what the bytes are.
    private void describeUrlInput(UUID jobId, String role, int position, String url) {
        ImageEditInput input = new ImageEditInput();
        input.key = new ImageEditInput.Key(jobId, role, position);
        String lastSegment = URI.create(url).getPath();
        String name = UploadFilenames.sanitise(lastSegment == null ? null : lastSegment);
        input.filename = name == null || name.isBlank() ? role + position : name;
        input.sourceUrl = url;
        input.persist();
    }

    // The one place the submit path writes to the outbox.
    private void announce(ImageEditRequested event) {
        try {
            outbox.append(Topics.IMAGE_EDIT_REQUESTS, event.jobId().toString(), json.writeValueAsString(event), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
    }
}
