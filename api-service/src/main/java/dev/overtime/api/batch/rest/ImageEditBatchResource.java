package dev.overtime.api.batch.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.auth.Caller;
import dev.overtime.api.batch.persistence.ImageEditBatch;
import dev.overtime.api.batch.service.BatchCancel;
import dev.overtime.api.batch.service.BatchService;
import dev.overtime.api.batch.view.BatchReads;
import dev.overtime.api.batch.view.BatchView;
import dev.overtime.api.batch.view.ItemCursor;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.service.ImageEditService;
import dev.overtime.api.models.RetirementHeaders;
import dev.overtime.api.push.webhook.DeliveryView;
import dev.overtime.api.push.webhook.WebhookDeliveries;
import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.common.ErrorCode;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Batches of image edits: submit up to 500 at once (202), follow the batch, cancel it, list yours. */
@Path(BatchReads.BASE)
@Produces(MediaType.APPLICATION_JSON)
public class ImageEditBatchResource {

    /** A page of the caller's batches, newest first. */
    public record BatchPage(List<BatchView> data, String nextCursor, boolean hasMore) {
    }

    private final BatchService service;
    private final BatchCancel cancels;
    private final BatchReads reads;
    private final Caller caller;
    private final CurrentRequestId requestId;
    private final ApiConfig config;
    private final WebhookDeliveries deliveries;

    public ImageEditBatchResource(BatchService service, BatchCancel cancels, BatchReads reads, Caller caller,
                                  CurrentRequestId requestId, ApiConfig config, WebhookDeliveries deliveries) {
        this.deliveries = deliveries;
        this.service = service;
        this.cancels = cancels;
        this.reads = reads;
        this.caller = caller;
        this.requestId = requestId;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JsonNode body, @HeaderParam(ImageEditService.IDEMPOTENCY_KEY) String idempotencyKey) {
        return switch (service.submit(caller.owner(), requestId.get(), idempotencyKey, body)) {
            case BatchService.Submitted.Accepted accepted -> {
                Response.ResponseBuilder answer = Response.status(202)
                        .location(URI.create(accepted.batch().links().self()))
                        .entity(accepted.batch());
                yield (accepted.modelNotice() == null ? answer
                        : RetirementHeaders.add(answer, accepted.modelNotice(), Instant.now())).build();
            }
            case BatchService.Submitted.Replayed replayed -> Response.status(replayed.status())
                    .location(URI.create(BatchReads.BASE + "/" + replayed.batchId()))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(replayed.body()).build();
        };
    }

    @GET
    @Path("/{id}")
    public BatchView get(@PathParam("id") String id, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        return reads.read(owned(id), ItemCursor.decode(cursor), parseLimit(limit));
    }

    @POST
    @Path("/{id}/cancel")
    public BatchView cancel(@PathParam("id") String id) {
        ImageEditBatch batch = cancels.cancel(owned(id).id, caller.owner()).orElseThrow(() -> notFound(id));
        return reads.read(batch, -1, config.polling().defaultPageSize());
    }

    @GET
    public BatchPage list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = parseLimit(limit);
        String[] after = cursor == null || cursor.isBlank() ? null : decodeListCursor(cursor);
        List<ImageEditBatch> batches = reads.listOwned(caller.owner(), after == null ? null : Instant.parse(after[0]),
                after == null ? null : UUID.fromString(after[1]), size + 1);
        boolean hasMore = batches.size() > size;
        List<ImageEditBatch> page = hasMore ? batches.subList(0, size) : batches;
        String next = hasMore ? encodeListCursor(page.getLast()) : null;
        return new BatchPage(page.stream().map(reads::summary).toList(), next, hasMore);
    }

    /** What was sent to the batch's webhook, and how it went (its items' job webhooks have their own logs). */
    @GET
    @Path("/{id}/webhook-deliveries")
    public Map<String, List<DeliveryView>> webhookDeliveries(@PathParam("id") String id) {
        return Map.of("data", deliveries.log(WebhookDeliveries.Subject.BATCH, owned(id).id));
    }

    private ImageEditBatch owned(String id) {
        UUID batchId;
        try {
            batchId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        // Another owner's batch answers exactly like a missing one: ids must not leak.
        return reads.findOwned(batchId, caller.owner()).orElseThrow(() -> notFound(id));
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

    private static String encodeListCursor(ImageEditBatch batch) {
        String raw = batch.createdAt + "|" + batch.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeListCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            Instant.parse(parts[0]);
            UUID.fromString(parts[1]);
            return parts;
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.INVALID_CURSOR, "cursor is not one this API issued.", "cursor");
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "No image edit batch '"
                + (id.length() > 64 ? id.substring(0, 64) : id) + "'.");
    }
}
