package dev.overtime.simulator.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.simulator.error.ErrorMapper;
import dev.overtime.simulator.error.Errors;
import dev.overtime.simulator.error.OpenAiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/moderations}, OpenAI's moderation classifier. */
@Path("/v1/moderations")
public class ModerationResource {

    private final ModerationService moderations;

    public ModerationResource(ModerationService moderations) {
        this.moderations = moderations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> moderate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JsonNode body) {
        return moderations.moderate(authorization, body)
                .map(result -> Response.ok(result).build())
                .onFailure(OpenAiException.class).recoverWithItem(e -> ErrorMapper.toResponse((OpenAiException) e))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "Moderation failed unexpectedly");
                    return ErrorMapper.toResponse(Errors.serverError());
                });
    }
}
