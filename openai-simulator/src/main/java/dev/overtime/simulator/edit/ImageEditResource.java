package dev.overtime.simulator.edit;

import dev.overtime.simulator.error.ErrorMapper;
import dev.overtime.simulator.error.Errors;
import dev.overtime.simulator.error.OpenAiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** {@code POST /v1/images/edits}, OpenAI's multipart image edit. */
@Path("/v1/images/edits")
public class ImageEditResource {

    private final ImageEditService edits;

    public ImageEditResource(ImageEditService edits) {
        this.edits = edits;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> edit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultipartFormDataInput input) {
        return edits.edit(authorization, input)
                .onFailure(OpenAiException.class).recoverWithItem(e -> ErrorMapper.toResponse((OpenAiException) e))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "Image edit failed unexpectedly");
                    return ErrorMapper.toResponse(Errors.serverError());
                });
    }
}
