package dev.overtime.api.models;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * An operator answering three retirements without a release: the default model deprecated with a sunset far ahead,
 * one model past its sunset and refused, another past its sunset and substituted. Past against far future, so no
 * test waits for a clock.
 */
public class RetiringModelsProfile implements QuarkusTestProfile {

    static final String DEFAULT = "gpt-image-1.5";
    static final String REFUSED = "gpt-image-1-mini";
    static final String SUBSTITUTED = "chatgpt-image-latest";
    static final String SUCCESSOR = "gpt-image-2";
    static final String INFO = "https://status.example.com/retirements/gpt-image-1.5";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                models(DEFAULT, "deprecated-at"), "2026-06-01T00:00:00Z",
                models(DEFAULT, "sunset"), "2099-12-01T00:00:00Z",
                models(DEFAULT, "successor"), SUCCESSOR,
                models(DEFAULT, "info-url"), INFO,
                models(REFUSED, "sunset"), "2020-01-01T00:00:00Z",
                models(REFUSED, "successor"), SUCCESSOR,
                models(SUBSTITUTED, "sunset"), "2020-01-01T00:00:00Z",
                models(SUBSTITUTED, "successor"), SUCCESSOR,
                models(SUBSTITUTED, "on-sunset"), "substitute");
    }

    private static String models(String model, String key) {
        return "overtime.api.models.\"" + model + "\"." + key;
    }
}
