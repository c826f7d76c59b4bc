package dev.overtime.localinfra.stack;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The knobs of the local stack, read from the environment once ({@code ./overtime} documents them).
 *
 * @param openAiApiKey  the real OpenAI's key, or null to run the simulator instead
 * @param healthTimeout how long a server or service may take to become ready ({@code OVERTIME_HEALTH_TIMEOUT}, s)
 * @param stopGrace     how long a process may take to exit after SIGTERM before SIGKILL ({@code OVERTIME_STOP_GRACE}, s)
 * @param sampleTimeout how long {@code up} waits for the sample edit to end ({@code OVERTIME_SAMPLE_TIMEOUT}, s)
 */
record StackSettings(boolean infrastructureOnly, String openAiApiKey, String openAiBaseUrl, List<String> serviceJvmOptions,
                     Duration healthTimeout, Duration stopGrace, Duration sampleTimeout) {

    static StackSettings from(Map<String, String> env) {
        String key = env.getOrDefault("OPENAI_API_KEY", "");
        return new StackSettings(
                "1".equals(env.get("OVERTIME_INFRA_ONLY")),
                key.isEmpty() ? null : key,
                nonEmpty(env.get("OPENAI_BASE_URL"), "https://api.openai.com/v1"),
                Arrays.stream(nonEmpty(env.get("OVERTIME_JAVA_OPTS"), "-Xmx512m").trim().split("\\s+")).toList(),
                seconds(env, "OVERTIME_HEALTH_TIMEOUT", 180),
                seconds(env, "OVERTIME_STOP_GRACE", 20),
                seconds(env, "OVERTIME_SAMPLE_TIMEOUT", 180));
    }

    boolean usingSimulator() {
        return openAiApiKey == null;
    }

    private static Duration seconds(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return Duration.ofSeconds(value == null || value.isBlank() ? fallback : Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, not '" + value + "'");
        }
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
