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
