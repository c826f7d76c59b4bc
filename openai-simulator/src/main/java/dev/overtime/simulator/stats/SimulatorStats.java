package dev.overtime.simulator.stats;

import jakarta.enterprise.context.ApplicationScoped;

/** Counts what the simulator has been asked, for tests and benchmarks that run in other processes. */
@ApplicationScoped
public class SimulatorStats {

    private final EndpointStats edits = new EndpointStats();
    private final EndpointStats moderations = new EndpointStats();

    public EndpointStats edits() {
        return edits;
    }

    public EndpointStats moderations() {
        return moderations;
    }

    public void reset() {
        edits.reset();
        moderations.reset();
    }
}
