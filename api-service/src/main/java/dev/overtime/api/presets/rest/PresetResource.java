package dev.overtime.api.presets.rest;

import dev.overtime.api.presets.client.PresetCatalogue;
import dev.overtime.api.presets.client.PresetsClient;
import dev.overtime.api.upstream.UpstreamContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/presets}: curated edits for frontends, from the presets service or built in. */
@Path("/v1/presets")
@Produces(MediaType.APPLICATION_JSON)
public class PresetResource {

    private final PresetsClient presets;
    private final UpstreamContext upstreams;

    public PresetResource(PresetsClient presets, UpstreamContext upstreams) {
        this.presets = presets;
        this.upstreams = upstreams;
    }

    @GET
    public PresetPage list() {
        PresetCatalogue catalogue = presets.presets();
        return new PresetPage(catalogue.presets(), upstreams.isDegraded());
    }
}
