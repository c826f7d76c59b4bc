package dev.overtime.api.push.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.api.imageedit.rest.JobView;
import dev.overtime.api.imageedit.rest.JobViews;
import dev.overtime.api.push.estimate.Estimate;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/** Reads a job and renders it exactly as the status endpoint does, enriched with its queue estimate. */
@ApplicationScoped
public class JobSnapshots {

    private final JobQueries queries;
    private final QueueEstimates estimates;
    private final ObjectMapper json;

    public JobSnapshots(JobQueries queries, QueueEstimates estimates, ObjectMapper json) {
        this.queries = queries;
        this.estimates = estimates;
        this.json = json;
    }

    @Transactional
    public Optional<JobSnapshot> load(UUID id) {
        ImageEditJob job = ImageEditJob.findById(id);
        if (job == null) {
            return Optional.empty();
        }
        JobView view = JobViews.of(job, queries.outputs(id), queries.attempts(id));
        JobStatus status = JobStatus.fromWire(job.status);
        Estimate estimate = estimates.estimate(id, status, job.createdAt, job.startedAt);
        return Optional.of(new JobSnapshot(id, job.owner, status, job.version, enrich(view, estimate),
                estimate.retryAfterSeconds()));
    }

    /** The view's JSON plus {@code queuePosition} while queued. */
    public ObjectNode enrich(JobView view, Estimate estimate) {
        ObjectNode body = json.valueToTree(view);
        if (estimate.queuePosition() != null) {
            body.put("queuePosition", estimate.queuePosition());
        }
        return body;
    }
}
