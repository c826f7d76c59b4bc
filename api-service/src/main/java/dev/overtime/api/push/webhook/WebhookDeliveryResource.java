package dev.overtime.api.push.webhook;

import dev.overtime.api.auth.Caller;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/image-edits/{id}/webhook-deliveries}: what we sent to the job's webhook, and how it went. */
@Path("/v1/image-edits/{id}/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveryResource {

    private final WebhookDeliveries deliveries;
    private final JobQueries queries;
    private final Caller caller;

    public WebhookDeliveryResource(WebhookDeliveries deliveries, JobQueries queries, Caller caller) {
        this.deliveries = deliveries;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    public Map<String, List<DeliveryView>> log(@PathParam("id") String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such image edit.");
        }
        queries.findOwned(jobId, caller.owner()).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such image edit."));
        return Map.of("data", deliveries.log(WebhookDeliveries.Subject.JOB, jobId));
    }
}
