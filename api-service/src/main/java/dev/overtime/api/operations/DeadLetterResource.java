package dev.overtime.api.operations;

import dev.overtime.api.error.ApiException;
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

import java.util.List;

/**
 * Operators' view of poison request records: {@code GET /admin/dead-letters} lists them with the reason,
 * {@code POST /admin/dead-letters/{partition}/{offset}/redrive} sends one back to the workers (optionally with a
 * corrected {@code payload}). Behind the admin token.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final AdminAccess admin;

    public DeadLetterResource(DeadLetters deadLetters, AdminAccess admin) {
        this.deadLetters = deadLetters;
        this.admin = admin;
    }

    /** An optional corrected record value for a re-drive. */
    public record RedriveRequest(String payload) {
    }

    @GET
    public List<DeadLetters.DeadLetter> list(@HeaderParam("Authorization") String authorization,
                                             @QueryParam("limit") Integer limit) {
        admin.require(authorization);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "limit must be from 1 to 1000.", "limit");
        }
        return deadLetters.list(size);
    }

    @POST
    @Path("/{partition}/{offset}/redrive")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public DeadLetters.DeadLetter redrive(@HeaderParam("Authorization") String authorization,
                                          @PathParam("partition") int partition, @PathParam("offset") long offset,
                                          RedriveRequest body) {
        admin.require(authorization);
        return deadLetters.redrive(partition, offset, body == null ? null : body.payload(), "admin");
    }
}
