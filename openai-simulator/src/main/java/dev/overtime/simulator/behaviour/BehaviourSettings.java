package dev.overtime.simulator.behaviour;

import dev.overtime.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/** The behaviour in force right now, which tests in other processes may change at runtime. */
@ApplicationScoped
public class BehaviourSettings {

    private final SimulatorConfig config;
    private final AtomicReference<Behaviour> edits = new AtomicReference<>();
    private final AtomicReference<Behaviour> moderations = new AtomicReference<>();
    private final AtomicReference<Behaviour> accounts = new AtomicReference<>();
    private final AtomicReference<Behaviour> presets = new AtomicReference<>();

    public BehaviourSettings(SimulatorConfig config) {
        this.config = config;
        reset();
    }

    public Behaviour edits() {
        return edits.get();
    }

    public Behaviour moderations() {
        return moderations.get();
    }

    public Behaviour accounts() {
        return accounts.get();
    }

    public Behaviour presets() {
        return presets.get();
    }

    public void changeAccounts(Behaviour behaviour) {
        accounts.set(behaviour);
    }

    public void changePresets(Behaviour behaviour) {
        presets.set(behaviour);
    }

    public void changeEdits(Behaviour behaviour) {
        edits.set(behaviour);
    }

    public void changeModerations(Behaviour behaviour) {
        moderations.set(behaviour);
    }

    /** Back to what configuration said at start-up. */
    public void reset() {
        edits.set(new Behaviour(config.latency(), config.faults()));
        moderations.set(new Behaviour(config.moderation().latency(), config.moderation().faults()));
        accounts.set(new Behaviour(config.accounts().latency(), config.accounts().faults()));
        presets.set(new Behaviour(config.presets().latency(), config.presets().faults()));
    }
}
