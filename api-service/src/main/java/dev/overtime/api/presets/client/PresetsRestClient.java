package dev.overtime.api.presets.client;

import dev.overtime.api.upstream.ForwardRequestId;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The operator's content service (docs/contracts/presets-openapi.yaml). */
@Path("/presets")
@RegisterRestClient(configKey = "presets")
@RegisterClientHeaders(ForwardRequestId.class)
@Produces(MediaType.APPLICATION_JSON)
interface PresetsRestClient {

    @GET
    PresetList presets();
}
