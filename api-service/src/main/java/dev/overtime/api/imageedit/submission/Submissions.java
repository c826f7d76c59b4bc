package dev.overtime.api.imageedit.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.service.Admission;
import dev.overtime.api.imageedit.service.ImageEditAdmission;
import dev.overtime.api.imageedit.service.ImageEditService;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.EditRequestValidator;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.api.push.estimate.SubmitEstimate;
import dev.overtime.api.request.CurrentDeadline;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts a POST with the reliability options around the plain submit: the Idempotency-Key (replay, 422, 409),
 * {@code reuse=true} (a recent identical succeeded job answers at once, no upstream call), and {@code deadline}.
 * The job, its outbox record and the key's recorded response commit in one transaction.
 */
@ApplicationScoped
public class Submissions {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** How the REST layer shows a job: the 202 body of a new job, the full view of a reused one, its ETag. */
    public interface Views {
        Object accepted(ImageEditJob job);

        Object existing(ImageEditJob job);

        String etag(ImageEditJob job);
    }

    private final EditRequestValidator validator;
    private final ImageEditAdmission admission;
    private final ImageEditService service;
    private final IdempotencyKeys keys;
    private final EntityManager em;
    private final ObjectMapper json;
    private final SubmissionConfig config;
    private final QueueEstimates estimates;
    private final SubmitEstimate submitEstimate;
    private final CurrentDeadline deadline;

    public Submissions(EditRequestValidator validator, ImageEditAdmission admission, ImageEditService service,
                       IdempotencyKeys keys, EntityManager em, ObjectMapper json, SubmissionConfig config,
                       QueueEstimates estimates, SubmitEstimate submitEstimate, CurrentDeadline deadline) {
        this.validator = validator;
        this.admission = admission;
        this.service = service;
        this.keys = keys;
        this.em = em;
        this.json = json;
        this.config = config;
        this.estimates = estimates;
        this.submitEstimate = submitEstimate;
        this.deadline = deadline;
    }

    public Submission submit(String owner, String requestId, String idempotencyKey, List<? extends FormPart> parts,
                             Views views) {
        String key = checkedKey(idempotencyKey);
        if (key != null) {
            Optional<IdempotencyKeys.Recorded> recorded = keys.claim(owner, key, Fingerprints.ofRequest(parts));
            if (recorded.isPresent()) {
                IdempotencyKeys.Recorded r = recorded.get();
                Log.infof("Idempotent replay: jobId=%s status=%d", r.jobId(), r.status());
                return new Submission(r.status(), r.jobId(), null, r.body(), null, true);
            }
        }
        try {
            SubmitOptions options = SubmitOptions.extract(parts);
            EditRequest request = validator.validate(options.openAiParts());
            String inputHash = Fingerprints.ofInputs(request);
            // Upstreams first, outside the transaction: no connection waits on moderation or accounts.
            Admission admitted = admission.admit(owner, request);
            return QuarkusTransaction.requiringNew().call(() -> accept(owner, requestId, key, options, request,
                    admitted, inputHash, views));
        } catch (RuntimeException e) {
            if (key != null) {
                releaseQuietly(owner, key);
            }
            throw e;
        }
    }

    private Submission accept(String owner, String requestId, String key, SubmitOptions options, EditRequest request,
                              Admission admitted, String inputHash, Views views) {
        if (options.reuse()) {
            Optional<ImageEditJob> reusable = reusable(owner, inputHash);
            if (reusable.isPresent()) {
                ImageEditJob job = reusable.get();
                Object body = views.existing(job);
                if (key != null) {
                    keys.complete(owner, key, job.id, 200, write(body));
                }
                Log.infof("Reused a succeeded job with the same inputs: jobId=%s", job.id);
                return new Submission(200, job.id, body, null, views.etag(job), false);
            }
        }
        ImageEditJob job = service.submit(owner, requestId, request, admitted.moderation(), admitted.entitlements(),
                inputHash, options.deadlineSeconds());
        submitEstimate.remember(job.id, estimates.estimate(job.id, JobStatus.QUEUED, job.createdAt, null));
        Object body = views.accepted(job);
        if (key != null) {
            keys.complete(owner, key, job.id, 202, write(body));
        }
        // Last step before the commit: if the request deadline already answered, this rolls everything back.
        deadline.get().claimCompletion();
        return new Submission(202, job.id, body, null, views.etag(job), false);
    }

    private Optional<ImageEditJob> reusable(String owner, String inputHash) {
        List<?> ids = em.createNativeQuery("""
                        select id from image_edit_jobs
                         where owner = :owner and input_hash = :hash and status = 'succeeded' and finished_at > :since
                         order by finished_at desc limit 1""", UUID.class)
                .setParameter("owner", owner)
                .setParameter("hash", inputHash)
                .setParameter("since", Instant.now().minus(config.reuseWindow()))
                .getResultList();
        return ids.stream().findFirst().map(id -> ImageEditJob.<ImageEditJob>findById(id));
    }

    private static String checkedKey(String key) {
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
