package dev.overtime.simulator.behaviour;

import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Accepts any bearer token, or only the configured one when {@code overtime.simulator.api-key} is set. */
@ApplicationScoped
public class ApiKeyCheck {

    private static final String BEARER = "bearer ";

    private final Optional<String> expected;

    public ApiKeyCheck(SimulatorConfig config) {
        this.expected = config.apiKey().filter(key -> !key.isBlank());
    }

    public void check(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            throw Errors.missingApiKey();
        }
        String key = authorization.substring(BEARER.length()).trim();
        if (expected.isPresent() && !expected.get().equals(key)) {
            throw Errors.wrongApiKey(key);
        }
    }
}
