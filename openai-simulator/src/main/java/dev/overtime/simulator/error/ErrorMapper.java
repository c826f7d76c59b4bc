package dev.overtime.simulator.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into OpenAI's error envelope, so clients only ever parse one shape. */
public class ErrorMapper {

    public static Response toResponse(OpenAiException e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response openAi(OpenAiException e) {
        return toResponse(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return toResponse(Errors.invalidJson());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        if (status >= 500) {
            Log.errorf(e, "Request failed status=%d", status);
        }
        return toResponse(new OpenAiException(status, status >= 500 ? "server_error" : "invalid_request_error",
                status >= 500 ? ErrorCode.SERVER_ERROR : null, null, message, java.util.Map.of()));
    }
}
