package dev.overtime.api.push.webhook;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * {@code POST /admin/webhook-secrets {"owner":"…"}}: creates an owner's webhook signing secret, or
 * rotates it (the previous one keeps signing during the grace period). The secret is shown once.
 */
@Path("/admin/webhook-secrets")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookSecretAdminResource {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final WebhookSecrets secrets;
    private final ApiConfig config;

    public WebhookSecretAdminResource(WebhookSecrets secrets, ApiConfig config) {
        this.secrets = secrets;
        this.config = config;
    }

    public record RotateRequest(String owner) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@HeaderParam("Authorization") String authorization, RotateRequest body) {
        requireAdmin(authorization);
        if (body == null || body.owner() == null || !OWNER.matcher(body.owner()).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "owner is required: 1-128 letters, digits or . _ @ -", "owner");
        }
        return Response.status(201).entity(secrets.rotate(body.owner())).build();
    }

    private void requireAdmin(String authorization) {
        String expected = config.adminToken().filter(t -> !t.isBlank())
                .orElseThrow(() -> new ApiException(ErrorCode.FORBIDDEN, "The admin API is disabled: set overtime.api.admin-token."));
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Send Authorization: Bearer <admin token>.");
        }
    }
}
