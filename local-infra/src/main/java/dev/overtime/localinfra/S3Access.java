package dev.overtime.localinfra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a service reaches a local S3 server: one bucket, static keys, path-style addressing. Written once as the
 * services' configuration ({@code overtime.storage.*} for {@code @QuarkusTest}s) and environment
 * ({@code OVERTIME_STORAGE_*} for processes).
 */
public record S3Access(String endpoint, String bucket, String accessKey, String secretKey) {

    /** Any value works for S3Proxy; AWS's default keeps SigV4 happy everywhere. */
    public static final String REGION = "us-east-1";

    /** The services' {@code overtime.storage.*} settings. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("overtime.storage.endpoint", endpoint);
        config.put("overtime.storage.region", REGION);
        config.put("overtime.storage.bucket", bucket);
        config.put("overtime.storage.access-key", accessKey);
        config.put("overtime.storage.secret-key", secretKey);
        config.put("overtime.storage.path-style", "true");
        return config;
    }

    /** The same settings as environment variables, as Quarkus maps them. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        config().forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        return env;
    }
}
