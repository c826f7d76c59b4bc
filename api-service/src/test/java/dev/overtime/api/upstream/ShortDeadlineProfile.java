package dev.overtime.api.upstream;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The super-heroes ShorterTimeoutsProfile idiom: the 25 s production deadline, shortened for the test only. */
public class ShortDeadlineProfile implements QuarkusTestProfile {

    public static final long DEADLINE_MS = 2000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("overtime.api.request-deadline", DEADLINE_MS + "ms");
    }
}
