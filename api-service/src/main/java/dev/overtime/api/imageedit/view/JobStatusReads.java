package dev.overtime.api.imageedit.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/**
 * Answers {@code GET /v1/image-edits/{id}}: from this replica's {@link JobSnapshotCache} when it holds a fresh answer,
 * else from one query, rendered once and kept for the next read.
 */
@ApplicationScoped
public class JobStatusReads {

    private final JobSnapshotCache cache;
    private final JobQueries queries;
    private final ObjectWriter views;
    private final ModelRetirements retirements;

    public JobStatusReads(JobSnapshotCache cache, JobQueries queries, ObjectMapper json,
                          ModelRetirements retirements) {
        this.cache = cache;
        this.queries = queries;
        this.retirements = retirements;
        // Resolved once: the writer keeps its serializers, so rendering a view looks nothing up again.
        this.views = json.writerFor(JobView.class);
    }

    /** The job from this replica's cache, if it holds a fresh answer: no query, so callable on the event loop. */
    public Optional<RenderedJob> cached(UUID id) {
        return cache.fresh(id);
    }

    /** The job as it is (within the cache's staleness bound), whoever owns it; callers check the owner. */
    public Optional<RenderedJob> current(UUID id) {
        Optional<RenderedJob> cached = cached(id);
        if (cached.isPresent()) {
            return cached;
        }
        long ticket = cache.ticket();
        long started = System.nanoTime();
        Optional<RenderedJob> read = queries.record(id).map(this::render);
        read.ifPresent(job -> cache.remember(job, ticket, started));
        return read;
    }

    private RenderedJob render(JobQueries.JobRecord record) {
        var job = record.job();
        JobView view = JobViews.of(job, retirements.notice(job.model).orElse(null), record.outputs(),
                record.attempts(), null, null);
        try {
            return new RenderedJob(job.id, job.owner, JobStatus.fromWire(job.status), job.version, job.queueTicket,
                    job.startedAt, views.writeValueAsBytes(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views always serialise", e);
        }
    }
}
