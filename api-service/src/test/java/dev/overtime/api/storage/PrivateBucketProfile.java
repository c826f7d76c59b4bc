package dev.overtime.api.storage;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Outputs streamed through the API (a bucket only the cluster reaches) and a small upload budget to hit. */
public class PrivateBucketProfile implements QuarkusTestProfile {

    /** Far above the small test uploads, below what the budget tests declare. */
    static final long UPLOAD_BUDGET = 400_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "overtime.api.outputs.redirect", "false",
                "overtime.api.uploads.max-in-flight-bytes", String.valueOf(UPLOAD_BUDGET));
    }
}
