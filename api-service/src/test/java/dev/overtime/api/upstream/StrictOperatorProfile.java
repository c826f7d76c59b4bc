package dev.overtime.api.upstream;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * An operator who refuses unmoderated prompts, grants a default plan when accounts is down, and publishes no API
 * documentation.
 */
public class StrictOperatorProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "overtime.api.moderation.on-failure", "fail-closed",
                "overtime.api.accounts.default-plan.name", "starter",
                "overtime.api.accounts.default-plan.remaining-credits", "5",
                "overtime.api.accounts.default-plan.allowed-models", "gpt-image-1.5",
                "overtime.api.accounts.default-plan.max-n", "2",
                "overtime.api.openapi.enabled", "false");
    }
}
