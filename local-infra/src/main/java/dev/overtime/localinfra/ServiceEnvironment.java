package dev.overtime.localinfra;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables that point api-service and worker-service at their infrastructure and upstreams,
 * written once for the local stack and the end-to-end tests.
 *
 * @param operatorServicesUrl where the operator's accounts and presets services answer (the simulator stands in
 *                            for them locally), or null to leave them unconfigured
 * @param s3                  the object store both services keep image bytes in
 */
public record ServiceEnvironment(String kafkaBootstrapServers, String jdbcUrl, String username, String password,
                                 String adminToken, String openAiBaseUrl, String openAiApiKey, String operatorServicesUrl,
                                 S3Access s3) {

    /** api-service: infrastructure, the admin token, loopback webhooks (local callers), moderation and operator services. */
    public Map<String, String> api() {
        Map<String, String> env = withUpstream();
        env.put("OVERTIME_API_ADMIN_TOKEN", adminToken);
        // Every replica of a stack must sign job tokens alike; derived from the stack's admin token, so no new secret
        // has to be kept, and no stack shares it with another.
        env.put("OVERTIME_API_JOB_TOKENS_SECRET", "job-tokens-" + sha256Hex("job-tokens:" + adminToken));
        env.put("OVERTIME_API_WEBHOOKS_ALLOW_LOOPBACK", "true");
        if (operatorServicesUrl != null) {
            env.put("QUARKUS_REST_CLIENT_ACCOUNTS_URL", operatorServicesUrl);
            env.put("QUARKUS_REST_CLIENT_PRESETS_URL", operatorServicesUrl);
        }
        return env;
    }

    /** worker-service: infrastructure and the OpenAI upstream it edits through. */
    public Map<String, String> worker() {
        return withUpstream();
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Map<String, String> withUpstream() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", username);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("OPENAI_BASE_URL", openAiBaseUrl);
        env.put("OPENAI_API_KEY", openAiApiKey);
        env.putAll(s3.environment());
        return env;
    }
}
