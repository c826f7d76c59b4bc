package dev.overtime.api.moderation.client;

import dev.overtime.api.upstream.ForwardRequestId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** OpenAI's moderation endpoint, relative to {@code quarkus.rest-client.moderation.url} (the OpenAI base URL). */
@Path("/moderations")
@RegisterRestClient(configKey = "moderation")
@RegisterClientHeaders(ForwardRequestId.class)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ModerationRestClient {

    @POST
    ModerationResponse moderate(@HeaderParam("Authorization") String authorization, ModerationRequest request);
}
