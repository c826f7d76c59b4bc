package dev.overtime.bench.bare;

import io.smallrye.common.annotation.NonBlocking;
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

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The API's hot routes answered with no work at all: what the framework alone costs on this machine, the
 * denominator of every ratio in bench/hotpaths.sh. The multipart body is read by Quarkus as the API's is
 * (the same parameter type), then ignored.
 */
@Path("/v1/image-edits")
@Produces(MediaType.APPLICATION_JSON)
public class BareImageEdits {

    public record Job(String id, String object, String status, String prompt) {
    }

    public record Page(List<Job> data, String nextCursor, boolean hasMore) {
    }

    private static final String ETAG = "\"bare-1\"";

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(MultipartFormDataInput form) {
        String id = UUID.randomUUID().toString();
        return Response.status(202).location(URI.create("/v1/image-edits/" + id))
                .header("Retry-After", 5).header("ETag", ETAG)
                .entity(new Job(id, "image_edit", "queued", "bare")).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (ETAG.equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", ETAG).header("Cache-Control", "private, no-cache").build();
        }
        return Response.ok(new Job(id, "image_edit", "queued", "bare")).header("ETag", ETAG)
                .header("Cache-Control", "private, no-cache").header("Retry-After", 5).build();
    }

    /**
     * The same answer on the event loop (Quarkus REST runs a method returning a plain type on a worker thread unless it
     * is {@code @NonBlocking}), for the paths the API answers from memory on its event loop: {@code get-*-nb}.
     */
    @GET
    @Path("/{id}/nonblocking")
    @NonBlocking
    public Response getOnTheEventLoop(@PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return get(id, ifNoneMatch);
    }

    @GET
    public Page list(@QueryParam("limit") String limit) {
        int n = limit == null ? 20 : Integer.parseInt(limit);
        List<Job> jobs = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            jobs.add(new Job(UUID.randomUUID().toString(), "image_edit", "queued", "bare"));
        }
        return new Page(jobs, null, false);
    }
}
