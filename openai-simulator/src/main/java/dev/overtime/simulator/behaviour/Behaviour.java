package dev.overtime.simulator.behaviour;

/** What one endpoint does to every request: how long it waits and which faults it injects. */
public record Behaviour(Latency latency, Faults faults) {
}
