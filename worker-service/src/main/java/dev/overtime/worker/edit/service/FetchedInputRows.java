package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.worker.edit.client.UpstreamEditRequest;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import dev.overtime.worker.inputs.FetchedInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what a job's URL inputs turned out to be onto its input rows (object key, SHA-256, type, dimensions, size),
 * guarded like every transition by the job still being this attempt's, and reads back the request to send. A mask
 * is checked here, where the images it must match are known, as the API checks an uploaded one.
 */
@ApplicationScoped
class FetchedInputRows {

    /** The request to send, or a mask that can't go with these images. */
    sealed interface Recorded permits Recorded.Request, Recorded.BadMask {

        record Request(UpstreamEditRequest request) implements Recorded {
        }

        record BadMask(ErrorCode code, String message) implements Recorded {
        }
    }

    private final EntityManager em;
    private final UpstreamRequests requests;
    private final WorkerIdentity identity;

    FetchedInputRows(EntityManager em, UpstreamRequests requests, WorkerIdentity identity) {
        this.em = em;
        this.requests = requests;
        this.identity = identity;
    }

    /** Empty when the job is no longer ours (canceled, taken over): then nothing was written. */
    @Transactional
    Optional<Recorded> record(ClaimedJob job, Map<ClaimedJob.UrlInput, FetchedInput> fetched) {
        // Locks the job row against a cancel or a reaper until this commits, and proves it is still ours.
        List<?> ours = em.createNativeQuery("select id from image_edit_jobs" + JobLifecycle.OURS + " for update")
                .setParameter("id", job.jobId())
                .setParameter("attempt", job.attempt())
                .setParameter("worker", identity.id())
                .getResultList();
        if (ours.isEmpty()) {
            return Optional.empty();
        }
        fetched.forEach((input, bytes) -> em.createNativeQuery("""
                        update image_edit_inputs
                           set object_key = :key, sha256 = decode(:sha, 'hex'), content_type = :type, width = :width,
                               height = :height, size_bytes = :size
                         where job_id = :job and role = :role and position = :position""")
                .setParameter("key", bytes.objectKey())
                .setParameter("sha", bytes.sha256Hex())
                .setParameter("type", bytes.contentType())
                .setParameter("width", bytes.width())
                .setParameter("height", bytes.height())
                .setParameter("size", Math.toIntExact(bytes.sizeBytes()))
                .setParameter("job", job.jobId())
                .setParameter("role", input.role())
                .setParameter("position", input.position())
                .executeUpdate());
        em.flush();
        em.clear();
        List<ImageEditInput> inputs = ImageEditInput.forJob(job.jobId());
        Optional<Recorded> badMask = checkMask(inputs);
        if (badMask.isPresent()) {
            return badMask;
        }
        ImageEditJob row = em.find(ImageEditJob.class, job.jobId());
        return Optional.of(new Recorded.Request(requests.of(row, inputs)));
    }

    private static Optional<Recorded> checkMask(List<ImageEditInput> inputs) {
        Optional<ImageEditInput> mask = inputs.stream().filter(i -> ImageEditInput.ROLE_MASK.equals(i.role)).findFirst();
        Optional<ImageEditInput> first = inputs.stream()
                .filter(i -> ImageEditInput.ROLE_IMAGE.equals(i.role) && i.position == 0).findFirst();
        if (mask.isEmpty() || first.isEmpty()) {
            return Optional.empty();
        }
        ImageEditInput m = mask.get();
        if (!"image/png".equals(m.contentType)) {
            return Optional.of(new Recorded.BadMask(ErrorCode.INVALID_MASK, "the mask must be a PNG image."));
        }
        ImageEditInput image = first.get();
        if (!m.width.equals(image.width) || !m.height.equals(image.height)) {
            return Optional.of(new Recorded.BadMask(ErrorCode.MASK_SIZE_MISMATCH, "the mask is " + m.width + "x"
                    + m.height + " but the image is " + image.width + "x" + image.height + "."));
        }
        return Optional.empty();
    }
}
