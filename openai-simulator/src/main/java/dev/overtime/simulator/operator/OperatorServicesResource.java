package dev.overtime.simulator.operator;

import dev.overtime.simulator.behaviour.Behaviour;
import dev.overtime.simulator.behaviour.BehaviourSettings;
import dev.overtime.simulator.behaviour.Fault;
import dev.overtime.simulator.behaviour.RequestPacer;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.ErrorMapper;
import dev.overtime.simulator.error.OpenAiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own services that the API calls besides OpenAI, so the local stack has all its
 * upstreams: {@code GET /accounts/{owner}/entitlements} and {@code GET /presets}, each with its own
 * latency and faults ({@code overtime.simulator.accounts.*}, {@code overtime.simulator.presets.*}).
 * Only the {@code hang} and {@code server_error} faults apply to them.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorServicesResource {

    static final List<Preset> PRESETS = List.of(
            new Preset("sunset-sky", "Replace the sky in the masked area with a warm sunset", "auto", "medium"),
            new Preset("studio-backdrop", "Put {subject} on a seamless grey studio backdrop", "1024x1024", "high"),
            new Preset("remove-object", "Remove the masked object and fill in the background", "auto", "low"));

    private final BehaviourSettings settings;
    private final RequestPacer pacer;
    private final SimulatorConfig.Accounts accounts;

    public OperatorServicesResource(BehaviourSettings settings, RequestPacer pacer, SimulatorConfig config) {
        this.settings = settings;
        this.pacer = pacer;
        this.accounts = config.accounts();
    }

    @GET
    @Path("/accounts/{owner}/entitlements")
    public Uni<Response> entitlements(@PathParam("owner") String owner) {
        return answer(settings.accounts(), new Entitlements(owner, accounts.plan(), accounts.remainingCredits(),
                accounts.allowedModels().orElse(List.of()), accounts.maxN()));
    }

    @GET
    @Path("/presets")
    public Uni<Response> presets() {
        return answer(settings.presets(), new Preset.Page(PRESETS));
    }

    private Uni<Response> answer(Behaviour behaviour, Object body) {
        long arrived = System.nanoTime();
        Optional<Fault> fault = behaviour.faults().roll()
                .filter(f -> f == Fault.HANG || f == Fault.SERVER_ERROR);
        return pacer.hold(behaviour.latency(), fault, arrived)
                .map(ignored -> Response.ok(body).build())
                .onFailure(OpenAiException.class).recoverWithItem(e -> ErrorMapper.toResponse((OpenAiException) e));
    }
}
