package dev.overtime.simulator.behaviour;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A failure the simulator can inject instead of answering normally. */
public enum Fault {
    RATE_LIMIT("rate_limit"),
    INSUFFICIENT_QUOTA("insufficient_quota"),
    SERVER_ERROR("server_error"),
    MODERATION_BLOCKED("moderation_blocked"),
    HANG("hang"),
    /**
     * A streamed answer ({@code stream=true}) starts at once and spreads the latency between its events, as OpenAI's
     * does while it renders: partial images come early, the completed images at the end. Answers that aren't
     * streamed behave normally.
     */
    SLOW_STREAM("slow_stream");

    private final String key;

    Fault(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static Optional<Fault> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    static String knownKeys() {
        return Arrays.stream(values()).map(Fault::key).collect(Collectors.joining(", "));
    }
}
