package dev.overtime.simulator.admin;

import dev.overtime.simulator.behaviour.Behaviour;
import dev.overtime.simulator.behaviour.BehaviourSettings;
import dev.overtime.simulator.behaviour.Faults;
import dev.overtime.simulator.behaviour.Latency;
import dev.overtime.simulator.error.ErrorCode;
import dev.overtime.simulator.error.OpenAiException;
import dev.overtime.simulator.http.RateLimitWindow;
import dev.overtime.simulator.stats.EndpointStats;
import dev.overtime.simulator.stats.SimulatorStats;
import io.quarkus.logging.Log;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Lets tests and benchmarks in other processes read counters and change behaviour at runtime. */
@Path("/__simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorAdminResource {

    private final SimulatorStats stats;
    private final BehaviourSettings settings;
    private final RateLimitWindow window;

    public SimulatorAdminResource(SimulatorStats stats, BehaviourSettings settings, RateLimitWindow window) {
        this.stats = stats;
        this.settings = settings;
        this.window = window;
    }

    public record Stats(EndpointStats.Snapshot edits, EndpointStats.Snapshot moderations) {
    }

    /** Behaviour as strings, in the same syntax as the configuration keys. */
    public record BehaviourView(String latency, String faults) {

        static BehaviourView of(Behaviour behaviour) {
            return new BehaviourView(behaviour.latency().toString(), behaviour.faults().toString());
        }
    }

    public record ConfigView(String latency, String faults, BehaviourView moderation, BehaviourView accounts,
                             BehaviourView presets) {
    }

    @GET
    @Path("/stats")
    public Stats stats() {
        return new Stats(stats.edits().snapshot(), stats.moderations().snapshot());
    }

    @GET
    @Path("/config")
    public ConfigView config() {
        BehaviourView edits = BehaviourView.of(settings.edits());
        return new ConfigView(edits.latency(), edits.faults(), BehaviourView.of(settings.moderations()),
                BehaviourView.of(settings.accounts()), BehaviourView.of(settings.presets()));
    }

    /** Absent fields keep their current value; the whole update is rejected if any field is malformed. */
    @PUT
    @Path("/config")
    public ConfigView change(ConfigView update) {
        if (update == null) {
            return config();
        }
        Behaviour edits = merge(settings.edits(), update.latency(), update.faults(), "");
        Behaviour moderations = update.moderation() == null ? settings.moderations()
                : merge(settings.moderations(), update.moderation().latency(), update.moderation().faults(), "moderation.");
        Behaviour accounts = update.accounts() == null ? settings.accounts()
                : merge(settings.accounts(), update.accounts().latency(), update.accounts().faults(), "accounts.");
        Behaviour presets = update.presets() == null ? settings.presets()
                : merge(settings.presets(), update.presets().latency(), update.presets().faults(), "presets.");
        settings.changeEdits(edits);
        settings.changeModerations(moderations);
        settings.changeAccounts(accounts);
        settings.changePresets(presets);
        Log.infof("Simulator behaviour changed edits=%s moderations=%s accounts=%s presets=%s", edits, moderations,
                accounts, presets);
        return config();
    }

    @POST
    @Path("/reset")
    public ConfigView reset() {
        settings.reset();
        stats.reset();
        window.reset();
        return config();
    }

    private static Behaviour merge(Behaviour current, String latency, String faults, String prefix) {
        try {
            return new Behaviour(latency == null ? current.latency() : Latency.parse(latency),
                    faults == null ? current.faults() : Faults.parse(faults));
        } catch (IllegalArgumentException e) {
            throw OpenAiException.invalidRequest(ErrorCode.INVALID_VALUE,
                    prefix + (e.getMessage().startsWith("Invalid latency") ? "latency" : "faults"), e.getMessage());
        }
    }
}
