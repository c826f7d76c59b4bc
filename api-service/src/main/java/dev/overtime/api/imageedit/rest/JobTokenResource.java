package dev.overtime.api.imageedit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.auth.Caller;
import dev.overtime.api.auth.JobTokens;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/image-edits/{id}/tokens} ({@code {"ttlSeconds": 900}}, optional): a job token a backend hands to a
 * browser, so the page follows the job (status, SSE, WebSocket, outputs) without ever holding the API key.
 */
@Path("/v1/image-edits/{id}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class JobTokenResource {

    private final JobQueries queries;
    private final JobTokens tokens;
    private final Caller caller;
    private final ObjectMapper json;

    public JobTokenResource(JobQueries queries, JobTokens tokens, Caller caller, ObjectMapper json) {
        this.queries = queries;
        this.tokens = tokens;
        this.caller = caller;
        this.json = json;
    }

    /**
     * The body is optional: no body, or {@code {}}, mints a token of the default life. Read by hand rather than bound,
     * so a bad {@code ttlSeconds} gets this API's own 400 and a request without a Content-Type still works; the
     * annotations tell the OpenAPI document (and the generated client types) the shapes.
     */
    @POST
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MintRequest.class)))
    @APIResponse(responseCode = "200", description = "A job token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MintedToken.class)))
    public Response mint(@PathParam("id") String id, String body) {
        UUID jobId = jobId(id);
        // Another owner's job answers exactly like a missing one: ids must not leak.
        queries.findOwned(jobId, caller.owner()).orElseThrow(() -> notFound());
        JobTokens.IssuedToken issued = tokens.mint(jobId, caller.key(), ttlSeconds(body));
        // The token is a credential: no cache may keep the answer.
        return Response.ok(new MintedToken(issued.token(), issued.expiresAt().toString()))
                .header("Cache-Control", "no-store").build();
    }

    private Optional<Long> ttlSeconds(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw notAnObject();
        }
        if (request == null || !request.isObject()) {
            throw notAnObject();
        }
        JsonNode ttl = request.get("ttlSeconds");
        if (ttl == null || ttl.isNull()) {
            return Optional.empty();
        }
        if (!ttl.isIntegralNumber() || !ttl.canConvertToLong()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "ttlSeconds must be an integer.", "ttlSeconds");
        }
        return Optional.of(ttl.asLong());
    }

    private static ApiException notAnObject() {
        return new ApiException(ErrorCode.INVALID_REQUEST,
                "The body must be a JSON object, like {\"ttlSeconds\": 900}.");
    }

    private static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such image edit.");
    }

    /** {@code expiresAt} as an ISO-8601 instant, like every time in the API. */
    public record MintedToken(String token, String expiresAt) {
    }

    /** The optional body: a life from 1 s to {@code overtime.api.job-tokens.max-ttl} (3600 s by default). */
    public record MintRequest(Long ttlSeconds) {
    }
}
