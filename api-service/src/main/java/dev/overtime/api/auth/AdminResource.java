package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Operator endpoints for API keys, behind the admin token ({@code overtime.api.admin-token}). */
@Path("/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** What an owner name may be; owners are named by operators when they issue keys. */
    public static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final ApiKeyService keys;
    private final ApiConfig config;

    public AdminResource(ApiKeyService keys, ApiConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public record CreateKeyRequest(String owner) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam("Authorization") String authorization, CreateKeyRequest body) {
        requireAdmin(authorization);
        if (body == null || body.owner() == null || !OWNER.matcher(body.owner()).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "owner is required: 1-128 letters, digits or . _ @ -", "owner");
        }
        return Response.status(201).entity(keys.issue(body.owner())).build();
    }

    @GET
    public List<ApiKeyService.KeySummary> list(@HeaderParam("Authorization") String authorization,
                                               @QueryParam("owner") String owner) {
        requireAdmin(authorization);
        if (owner == null || owner.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "owner query parameter is required", "owner");
        }
        return keys.listFor(owner);
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id) {
        requireAdmin(authorization);
        if (!keys.revoke(id)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such API key.");
        }
        return Response.noContent().build();
    }

    private void requireAdmin(String authorization) {
        String expected = config.adminToken().filter(t -> !t.isBlank())
                .orElseThrow(() -> new ApiException(ErrorCode.FORBIDDEN,
                        "The admin API is disabled: set overtime.api.admin-token."));
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim() : "";
        // Constant-time comparison: the token guards key issuance.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Send Authorization: Bearer <admin token>.");
        }
    }
}
