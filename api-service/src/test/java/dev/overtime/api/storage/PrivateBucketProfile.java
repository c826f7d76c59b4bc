package dev.overtime.api.storage;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Outputs streamed through the API (a bucket only the cluster reaches), and small budgets of upload and JSON body bytes
 * to hit.
 */
public class PrivateBucketProfile implements QuarkusTestProfile {

    /** Far above the small test uploads, below what the budget tests declare. */
    static final long UPLOAD_BUDGET = 400_000;

    /** Heap for JSON bodies in flight: a few small submits fit beside each other, not beside a declared 99 KB. */
    public static final long JSON_BUDGET = 100_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "overtime.api.outputs.redirect", "false",
                "overtime.api.uploads.max-in-flight-bytes", String.valueOf(UPLOAD_BUDGET),
                "overtime.api.uploads.max-in-flight-json-bytes", String.valueOf(JSON_BUDGET));
    }
}
