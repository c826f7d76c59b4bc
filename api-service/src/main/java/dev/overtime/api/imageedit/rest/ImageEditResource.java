package dev.overtime.api.imageedit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.auth.Caller;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.cancel.CancelService;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.api.imageedit.service.ImageEditService;
import dev.overtime.api.imageedit.service.Submitted;
import dev.overtime.api.imageedit.view.JobReads;
import dev.overtime.api.imageedit.view.JobStatusReads;
import dev.overtime.api.imageedit.view.RenderedJob;
import dev.overtime.api.push.estimate.Estimate;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.api.imageedit.view.JobViews;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.api.request.BlockingWork;
import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.api.request.UploadAdmission;
import dev.overtime.common.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The image edit API frontends call: submit in milliseconds, then follow the job. */
@Path("/v1/image-edits")
@Produces(MediaType.APPLICATION_JSON)
public class ImageEditResource {

    private final ImageEditService service;
    private final CancelService cancels;
    private final JobQueries queries;
    private final JobReads reads;
    private final JobStatusReads statuses;
    private final QueueEstimates estimates;
    private final JobAnswers answers;
    private final OutputDelivery outputs;
    private final Caller caller;
    private final CurrentRequestId requestId;
    private final ApiConfig config;
    private final UploadAdmission uploads;
    private final ModelRetirements retirements;
    private final BlockingWork blocking;

    public ImageEditResource(ImageEditService service, CancelService cancels, JobQueries queries, JobReads reads,
                             JobStatusReads statuses, QueueEstimates estimates, JobAnswers answers,
                             OutputDelivery outputs, Caller caller, CurrentRequestId requestId, ApiConfig config,
                             UploadAdmission uploads, ModelRetirements retirements, BlockingWork blocking) {
        this.retirements = retirements;
        this.blocking = blocking;
        this.service = service;
        this.cancels = cancels;
        this.queries = queries;
        this.reads = reads;
        this.statuses = statuses;
        this.estimates = estimates;
        this.answers = answers;
        this.outputs = outputs;
        this.caller = caller;
        this.requestId = requestId;
        this.config = config;
        this.uploads = uploads;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(MultipartFormDataInput form,
                           @HeaderParam(ImageEditService.IDEMPOTENCY_KEY) String idempotencyKey, RoutingContext http) {
        uploads.bodyRead(http);
        Submitted submitted = service.submit(caller.owner(), requestId.get(), idempotencyKey, FormValueParts.of(form));
        return answers.submitted(submitted);
    }

    /** The same edit as a JSON body, OpenAI's JSON form: images by URL ({@code images[].image_url}), fetched by the worker. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitJson(JsonNode body, @HeaderParam(ImageEditService.IDEMPOTENCY_KEY) String idempotencyKey) {
        Submitted submitted = service.submit(caller.owner(), requestId.get(), idempotencyKey, JsonFormParts.of(body));
        return answers.submitted(submitted);
    }

    /** Queued or running: ends canceled (a running edit is abandoned at its worker's next heartbeat). Finished: no-op. */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        ImageEditJob job = cancels.cancel(ownedJob(id).id, caller.owner()).orElseThrow(() -> notFound(id));
        return answers.canceled(reads.read(job));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        UUID jobId = jobId(id);
        String owner = caller.owner();
        // Answered on the event loop when the replica's cache holds the job (and, for a queued job's 200, a fresh
        // queue head): handing a request to a worker thread and back costs a bare Quarkus 304 a quarter of its
        // rate (docs/BENCHMARKS.md, get-304-nb). Anything else reads PostgreSQL on a worker thread.
        Optional<RenderedJob> cached = statuses.cached(jobId);
        if (cached.isPresent()) {
            RenderedJob job = owned(cached.get(), owner, id);
            Optional<Response> answer = job.etag().equals(ifNoneMatch) ? Optional.of(answers.notModified(job))
                    : estimates.knownEstimate(job.status(), job.queueTicket(), job.startedAt())
                    .map(estimate -> answers.current(job, estimate));
            if (answer.isPresent()) {
                return Uni.createFrom().item(answer.get());
            }
        }
        return blocking.call(() -> {
            RenderedJob job = owned(statuses.current(jobId).orElseThrow(() -> notFound(id)), owner, id);
            return job.etag().equals(ifNoneMatch) ? answers.notModified(job)
                    : answers.current(job, estimates.estimate(job.status(), job.queueTicket(), job.startedAt()));
        });
    }

    // Another owner's job answers exactly like a missing one: ids must not leak.
    private static RenderedJob owned(RenderedJob job, String owner, String id) {
        if (!job.owner().equals(owner)) {
            throw notFound(id);
        }
        return job;
    }

    @GET
    @Path("/{id}/outputs/{index}")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    public Response output(@PathParam("id") String id, @PathParam("index") String index) {
        ImageEditJob job = ownedJob(id);
        int position = parseIndex(index);
        return queries.output(job.id, position)
                .map(output -> outputs.answer(job.id, position, output))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Job " + job.id + " has no output " + position + "."));
    }

    /** A sized copy of an output ({@code variants} on submit), served like the output itself. */
    @GET
    @Path("/{id}/outputs/{index}/variants/{name}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    public Response variant(@PathParam("id") String id, @PathParam("index") String index,
                            @PathParam("name") String name) {
        ImageEditJob job = ownedJob(id);
        int position = parseIndex(index);
        return queries.variant(job.id, position, name)
                .map(variant -> outputs.answer(job.id, position + "-" + name, variant))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Output " + position + " of job " + job.id
                        + " has no variant '" + (name.length() > 32 ? name.substring(0, 32) : name) + "'."));
    }

    @GET
    public JobPage list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = parseLimit(limit);
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
        List<ImageEditJob> jobs = queries.listOwned(caller.owner(), after == null ? null : after.createdAt(),
                after == null ? null : after.id(), size + 1);
        boolean hasMore = jobs.size() > size;
        List<ImageEditJob> page = hasMore ? jobs.subList(0, size) : jobs;
        String next = hasMore ? new Cursor(page.getLast().createdAt, page.getLast().id).encode() : null;
        return new JobPage(page.stream()
                .map(job -> JobViews.summary(job, retirements.notice(job.model).orElse(null))).toList(), next, hasMore);
    }

    private ImageEditJob ownedJob(String id) {
        // Another owner's job answers exactly like a missing one: ids must not leak.
        return queries.findOwned(jobId(id), caller.owner()).orElseThrow(() -> notFound(id));
    }

    private static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return config.polling().defaultPageSize();
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= config.polling().maxPageSize()) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_PARAMETER,
                "limit must be an integer from 1 to " + config.polling().maxPageSize() + ".", "limit");
    }

    private static int parseIndex(String index) {
        try {
            int value = Integer.parseInt(index);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "No output '" + index + "'.");
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "No image edit '" + (id.length() > 64 ? id.substring(0, 64) : id) + "'.");
    }
}
