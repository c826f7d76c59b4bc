package dev.overtime.worker.edit.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * OpenAI's image edit endpoint, HTTP only. Returns the raw {@link Response} so that error statuses and the
 * {@code x-request-id} header reach {@link OpenAiImageEditClient} instead of becoming exceptions.
 */
@RegisterRestClient
@Path("/images")
interface OpenAiImagesApi {

    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    // A Uni, so that cancelling the subscription aborts the HTTP exchange when a job is canceled mid-call.
    Uni<Response> edit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ClientMultipartForm form);

    /**
     * The same endpoint asked to stream ({@code stream=true}): server-sent events as they arrive. An error status
     * fails the Multi with {@link UpstreamHttpError} (see {@link StreamErrorMapper}); cancelling closes the connection.
     */
    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> editStreamed(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         ClientMultipartForm form);
}
