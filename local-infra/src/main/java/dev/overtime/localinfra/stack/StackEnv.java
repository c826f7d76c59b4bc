package dev.overtime.localinfra.stack;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.overtime.localinfra.S3Access;

/**
 * How to reach a running local stack: what {@code .overtime/stack.env} holds, for callers in Java and, by
 * sourcing the file, in the shell.
 *
 * @param apiKey a key for owner {@code local}, or null when only the infrastructure runs
 * @param apiManagementUrl    the API's management interface: {@code /q/health}, {@code /q/metrics}
 * @param workerManagementUrl the worker's management interface
 * @param s3     the S3 server, its bucket and keys
 */
public record StackEnv(String apiUrl, String apiKey, String apiManagementUrl, String workerManagementUrl,
                       String kafkaBootstrapServers, String jdbcUrl, String openAiBaseUrl, String adminToken, S3Access s3) {

    /** The variables by name, in the file's order; API_KEY only when there is one. */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("API_URL", apiUrl);
        if (apiKey != null) {
            variables.put("API_KEY", apiKey);
        }
        variables.put("API_MANAGEMENT_URL", apiManagementUrl);
        variables.put("WORKER_MANAGEMENT_URL", workerManagementUrl);
        variables.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        variables.put("JDBC_URL", jdbcUrl);
        variables.put("OPENAI_BASE_URL", openAiBaseUrl);
        variables.put("OVERTIME_API_ADMIN_TOKEN", adminToken);
        variables.put("S3_ENDPOINT", s3.endpoint());
        variables.put("S3_BUCKET", s3.bucket());
        variables.put("S3_ACCESS_KEY", s3.accessKey());
        variables.put("S3_SECRET_KEY", s3.secretKey());
        return variables;
    }

    /** {@code NAME=value} lines, as a shell sources them. */
    public String lines() {
        StringBuilder text = new StringBuilder();
        variables().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }
}
