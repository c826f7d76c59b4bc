package dev.overtime.simulator.stats;

/** How a request ended, as counted by {@link SimulatorStats}. */
public enum Outcome {
    OK,
    INVALID_REQUEST,
    UNAUTHORIZED,
    RATE_LIMIT,
    INSUFFICIENT_QUOTA,
    SERVER_ERROR,
    MODERATION_BLOCKED,
    HANG,
    CANCELLED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
