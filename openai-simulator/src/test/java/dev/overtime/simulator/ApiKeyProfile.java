package dev.overtime.simulator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the simulator with a required API key. */
public class ApiKeyProfile implements QuarkusTestProfile {

    static final String KEY = "sk-simulator-expected-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("overtime.simulator.api-key", KEY);
    }
}
