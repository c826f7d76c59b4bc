package dev.overtime.api.support;

import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Real Kafka and PostgreSQL for the packaged API, plus an admin token so a test can issue keys over HTTP as an
 * operator would. Quarkus hands these values to the launched artifact as system properties.
 */
public final class PackagedApiResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "it-admin-token-0123456789";

    private final RealInfrastructureResource infrastructure = new RealInfrastructureResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infrastructure.start());
        config.put("overtime.api.admin-token", ADMIN_TOKEN);
        // Required outside %dev and %test: the packaged API runs in prod.
        config.put("overtime.api.job-tokens.secret", "it-job-token-secret-0123456789abcdef");
        // Tests never reach off this machine: moderation goes to a closed loopback port and fails open.
        config.put("quarkus.rest-client.moderation.url", "http://127.0.0.1:9/v1");
        return config;
    }

    @Override
    public void stop() {
        infrastructure.stop();
    }
}
