package dev.overtime.localinfra;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test application at the JVM's shared real Kafka, PostgreSQL and S3 instead of Dev Services. */
public final class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(),
                "quarkus.datasource.username", infrastructure.username(),
                "quarkus.datasource.password", infrastructure.password(),
                "quarkus.devservices.enabled", "false",
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.datasource.devservices.enabled", "false"));
        config.putAll(infrastructure.s3().config());
        return config;
    }

    @Override
    public void stop() {
        // Deliberately nothing: the servers outlive this test application so the next one in the JVM reuses them.
        // A shutdown hook stops them when the JVM exits.
    }
}
