package dev.overtime.api.push.partial;

import dev.overtime.api.auth.Caller;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.common.ErrorCode;
import dev.overtime.storage.ObjectContent;
import dev.overtime.storage.ObjectNotFoundException;
import dev.overtime.storage.ObjectStore;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.List;
import java.util.UUID;

/** {@code GET /v1/image-edits/{id}/partial-images/{index}}: a partial image the worker stored while the edit ran. */
@Path("/v1/image-edits/{id}/partial-images/{index}")
public class PartialImageResource {

    private final EntityManager em;
    private final JobQueries queries;
    private final Caller caller;
    private final ObjectStore store;

    public PartialImageResource(EntityManager em, JobQueries queries, Caller caller, ObjectStore store) {
        this.em = em;
        this.store = store;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Transactional
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    public Response partialImage(@PathParam("id") String id, @PathParam("index") int index) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        queries.findOwned(jobId, caller.owner()).orElseThrow(PartialImageResource::notFound);
        List<?> rows = em.createNativeQuery("""
                        select content_type, object_key, case when object_key is null then data end
                          from image_edit_partial_images where job_id = ?1 and position = ?2""", Object[].class)
                .setParameter(1, jobId).setParameter(2, index).getResultList();
        if (rows.isEmpty()) {
            throw notFound();
        }
        Object[] row = (Object[]) rows.getFirst();
        String contentType = (String) row[0];
        String objectKey = (String) row[1];
        // Previews are small and short-lived: streamed through, no presigned redirect to keep track of.
        Object body = objectKey == null ? row[2] : streamed(objectKey);
        return Response.ok(body, contentType)
                .header("Cache-Control", "private, max-age=31536000, immutable")
                .build();
    }

    private StreamingOutput streamed(String objectKey) {
        ObjectContent content;
        try {
            content = store.get(objectKey);
        } catch (ObjectNotFoundException e) {
            throw notFound();
        }
        return out -> {
            try (content) {
                content.transferTo(out);
            }
        };
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such partial image.");
    }
}
