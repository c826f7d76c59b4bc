package dev.overtime.api.upstream;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The super-heroes ShorterTimeoutsProfile idiom: production timeouts stay in configuration, tests
 * shorten them. The 25 s request deadline becomes 2 s (with a 200 ms margin for answering), and the
 * presets call gets the one-method override an operator would set.
 */
public class ShorterTimeoutsProfile implements QuarkusTestProfile {

    public static final long DEADLINE_MS = 2000;
    public static final long PRESETS_TIMEOUT_MS = 600;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("overtime.api.request-deadline", DEADLINE_MS + "ms",
                "overtime.api.request-deadline-margin", "200ms",
                "quarkus.fault-tolerance.\"dev.overtime.api.presets.client.PresetsClient/presets\".timeout.value",
                String.valueOf(PRESETS_TIMEOUT_MS));
    }
}
