package dev.overtime.api.imageedit.service;

import dev.overtime.common.TimeOrderedIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.accounts.service.OwnerTurns;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.EditRequestValidator;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.api.imageedit.validation.SubmitOptions;
import dev.overtime.api.imageedit.validation.WebhookRequestCheck;
import dev.overtime.api.imageedit.view.JobReads;
import dev.overtime.api.imageedit.view.JobSnapshot;
import dev.overtime.api.metrics.JobMetrics;
import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.Priority;
import dev.overtime.api.owners.service.OwnerLimitsCache;
import dev.overtime.api.owners.service.OwnerReservations;
import dev.overtime.api.push.webhook.WebhookRegistrar;
import dev.overtime.api.request.CurrentDeadline;
import dev.overtime.api.upstream.UpstreamContext;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Submits an image edit: the one entry point behind {@code POST /v1/image-edits}. Around the plain accept it
 * handles the Idempotency-Key (replay, 422, 409), {@code reuse=true} (a recent identical succeeded job answers at
 * once), the options and the owner's limits (priority at most maxPriority, the queue within maxQueuedJobs). The
 * job (its credits and its estimated cost reserved), its inputs, its outbox record, its webhook and the key's
 * recorded response commit in one transaction, and the request deadline is claimed as the last step before that
 * commit.
 */
@ApplicationScoped
public class ImageEditService {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final EditRequestValidator validator;
    private final WebhookRequestCheck webhookCheck;
    private final ImageEditAdmission admission;
    private final IdempotencyKeys keys;
    private final JobWriter jobs;
    private final InputObjects inputs;
    private final WebhookRegistrar webhooks;
    private final JobReads reads;
    private final Event<JobChanged> changes;
    private final EntityManager em;
    private final ObjectMapper json;
    private final ApiConfig config;
    private final UpstreamContext upstreams;
    private final CurrentDeadline deadline;
    private final OwnerTurns turns;
    private final JobMetrics metrics;
    private final OwnerReservations reservations;
    private final OwnerLimitsCache ownerLimits;

    public ImageEditService(EditRequestValidator validator, WebhookRequestCheck webhookCheck,
                            ImageEditAdmission admission, IdempotencyKeys keys, JobWriter jobs,
                            InputObjects inputs,
                            WebhookRegistrar webhooks, JobReads reads, Event<JobChanged> changes, EntityManager em,
                            ObjectMapper json, ApiConfig config, UpstreamContext upstreams, CurrentDeadline deadline,
                             OwnerTurns turns, JobMetrics metrics, OwnerReservations reservations,
                             OwnerLimitsCache ownerLimits) {
        this.reservations = reservations;
        this.ownerLimits = ownerLimits;
        this.metrics = metrics;
        this.turns = turns;
        this.validator = validator;
        this.webhookCheck = webhookCheck;
        this.admission = admission;
        this.keys = keys;
        this.jobs = jobs;
        this.inputs = inputs;
        this.webhooks = webhooks;
        this.reads = reads;
        this.changes = changes;
        this.em = em;
        this.json = json;
        this.config = config;
        this.upstreams = upstreams;
        this.deadline = deadline;
    }

    public Submitted submit(String owner, String requestId, String idempotencyKey, List<? extends FormPart> parts) {
        String key = checkedKey(idempotencyKey);
        if (key != null) {
            Optional<IdempotencyKeys.Recorded> recorded = keys.claim(owner, key, Fingerprints.ofRequest(parts));
            if (recorded.isPresent()) {
                IdempotencyKeys.Recorded r = recorded.get();
                Log.infof("Idempotent replay: jobId=%s status=%d", r.jobId(), r.status());
                return new Submitted.Replayed(r.status(), r.jobId(), r.body());
            }
        }
        try {
            SubmitOptions options = SubmitOptions.extract(parts, config.uploads().maxParts(), webhookCheck);
            EditRequest request = validator.validate(options.openAiParts());
            OwnerLimits limits = ownerLimits.of(owner);
            Priority priority = limits.priorityFor(options.priority());
            String inputHash = Fingerprints.ofInputs(request);
            // Upstreams first, outside the transaction: no connection waits on moderation or accounts.
            Admission admitted = admission.admit(owner, request);
            if (options.reuse()) {
                Optional<Submitted> reused = QuarkusTransaction.requiringNew().call(() -> reuse(owner, key, inputHash));
                if (reused.isPresent()) {
                    return reused.get();
                }
            }
            // An edit the budget can't cover is refused before its images are stored (a reused job costs nothing, so
            // it is asked after reuse); reserve() decides for good, under the owner's lock.
            Optional<OwnerReservations.Budget> budget = reservations.precheckBudget(owner, List.of(request));
            // The bytes go to the object store before the transaction, which then holds a connection for rows only.
            UUID jobId = TimeOrderedIds.next();
            List<InputObjects.StoredInput> stored = inputs.store(jobId, request);
            // The owner's credit-reserving submits take turns; they wait for it here, holding no connection.
            try (OwnerTurns.Turn turn = admitted.entitlements().enforced() || budget.isPresent()
                    ? turns.take(owner, deadline.get().timeForAnswerMs()) : OwnerTurns.NONE) {
                Submitted accepted = QuarkusTransaction.requiringNew().call(() -> accept(jobId, owner, requestId, key,
                        options, request, admitted, inputHash, stored, budget, priority, limits));
                metrics.accepted(request.model());
                return accepted;
            } catch (RuntimeException e) {
                // Rolled back (deadline, webhook refused, database): nothing may reference these objects.
                inputs.discard(stored);
                throw e;
            }
        } catch (RuntimeException e) {
            if (key != null) {
                releaseQuietly(owner, key);
            }
            throw e;
        }
    }

    private Optional<Submitted> reuse(String owner, String key, String inputHash) {
        Optional<ImageEditJob> reusable = reusable(owner, inputHash);
        if (reusable.isEmpty()) {
            return Optional.empty();
        }
        JobSnapshot job = reads.read(reusable.get());
        if (key != null) {
            keys.complete(owner, key, job.id(), 200, write(job.view()));
        }
        Log.infof("Reused a succeeded job with the same inputs: jobId=%s", job.id());
        return Optional.of(new Submitted.Reused(job));
    }

    private Submitted accept(UUID jobId, String owner, String requestId, String key, SubmitOptions options,
                             EditRequest request, Admission admitted, String inputHash,
                             List<InputObjects.StoredInput> stored, Optional<OwnerReservations.Budget> budget,
                             Priority priority,
                             OwnerLimits limits) {
        ImageEditJob job = jobs.create(jobId, owner, requestId, request, options, admitted, inputHash, stored,
                priority);
        // Refuses the job (and rolls it back) when the owner has no webhook signing secret.
        webhooks.register(job.id, owner, options.webhook());
        changes.fire(new JobChanged(job.id, owner));
        Log.infof("Image edit accepted: model=%s substitutedFrom=%s n=%d size=%s images=%d mask=%b moderation=%s"
                        + " entitlements=%s", job.model, job.modelSubstitutedFrom, job.n, job.size, request.imageCount(),
                request.hasMask(), job.moderationStatus, job.entitlementSource);
        JobSnapshot accepted = reads.accepted(job, upstreams.isDegraded());
        if (key != null) {
            // A replay comes later: the queue position it would show is stale by then, so it is not recorded.
            keys.complete(owner, key, job.id, 202, write(accepted.view().withoutQueuePosition()));
        }
        // Budget, credits, queue room: refuses the job (and rolls it back) when one of them does not fit. Late: the
        // owner's submits take turns from here to the commit, so the less that follows, the more get through.
        reservations.reserve(owner, budget, List.of(job.id), admitted.entitlements(), request.n(), limits);
        // Last step before the commit: if the request deadline already answered, this rolls everything back.
        deadline.get().claimCompletion();
        return new Submitted.Accepted(accepted);
    }

    private Optional<ImageEditJob> reusable(String owner, String inputHash) {
        List<?> ids = em.createNativeQuery("""
                        select j.id from image_edit_jobs j
                         where j.owner = :owner and j.input_hash = decode(:hash, 'hex') and j.status = 'succeeded' and j.finished_at > :since
                           and not exists (select 1 from image_edit_outputs o
                                            where o.job_id = j.id and (o.deleted_at is not null or o.expires_at <= now()))
                         order by j.finished_at desc limit 1""", UUID.class)
                .setParameter("owner", owner)
                .setParameter("hash", inputHash)
                .setParameter("since", Instant.now().minus(config.submission().reuseWindow()))
                .getResultList();
        return ids.stream().findFirst().map(id -> ImageEditJob.<ImageEditJob>findById(id));
    }

    /** The Idempotency-Key header checked for shape (null when absent); batches use the same rule. */
    public static String checkedKey(String key) {
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters.", IDEMPOTENCY_KEY);
        }
        return key;
    }

    private void releaseQuietly(String owner, String key) {
        try {
            keys.release(owner, key);
        } catch (RuntimeException e) {
            // The database is away: the key stays in flight until idempotency-in-flight-timeout, then is reusable.
            Log.warnf("Could not release Idempotency-Key after a failed request: %s", e.toString());
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views always serialise", e);
        }
    }
}
