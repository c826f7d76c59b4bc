package dev.overtime.api.limits;

/** The long-lived things a caller can hold open, each with its own limits ({@code overtime.api.limits.<kind>}). */
public enum StreamKind {
    SSE("event streams"),
    WEBSOCKET("WebSockets"),
    WAIT("Prefer: wait requests");

    private final String plural;

    StreamKind(String plural) {
        this.plural = plural;
    }

    /** How a message names them. */
    public String plural() {
        return plural;
    }
}
