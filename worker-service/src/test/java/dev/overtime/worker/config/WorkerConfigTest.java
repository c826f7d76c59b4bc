package dev.overtime.worker.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The worker's settings as deployments set them: {@code application.properties} plus environment variables, read
 * through {@link WorkerConfig} the way Quarkus reads them. The defaults live only in the mapping, so these tests are
 * what catches a default or an environment name that changed.
 */
class WorkerConfigTest {

    private static final String MAX_CONCURRENCY = "smallrye.messaging.worker.<virtual-thread>.max-concurrency";

    @Test
    void productionDefaultsComeFromTheMapping() {
        SmallRyeConfig config = config("prod", Map.of());
        WorkerConfig worker = config.getConfigMapping(WorkerConfig.class);

        assertEquals(512, worker.maxInFlight());
        assertEquals(512, config.getValue(MAX_CONCURRENCY, Integer.class), "consumer concurrency follows max-in-flight");
        assertEquals(Optional.empty(), worker.instanceId());
        assertEquals(Duration.ofSeconds(30), worker.lease());
        assertEquals(Duration.ofSeconds(5), worker.sweepInterval());
        assertEquals(Duration.ofSeconds(60), worker.requeueStaleAfter());
        assertEquals(Duration.ofSeconds(60), worker.shutdownGrace());
        assertEquals(Duration.ofSeconds(60), worker.storeRetryFor());
        assertEquals("https://api.openai.com/v1", worker.openai().baseUrl());
        assertEquals(Optional.empty(), worker.openai().apiKey());
        assertEquals(Duration.ofSeconds(180), worker.openai().timeout());
        assertEquals(Duration.ofSeconds(10), worker.openai().connectTimeout());
        assertEquals(5, worker.retry().maxAttempts());
        assertEquals(Duration.ofSeconds(2), worker.retry().initialBackoff());
        assertEquals(Duration.ofSeconds(60), worker.retry().maxBackoff());
        assertEquals(2.0, worker.retry().multiplier());
        assertEquals(Duration.ofSeconds(1), worker.outbox().pollInterval());
        assertEquals(100, worker.outbox().batchSize());
        assertEquals(Duration.ofSeconds(10), worker.outbox().sendTimeout());
    }

    @Test
    void environmentVariablesSetTheKeysDeploymentsUse() {
        SmallRyeConfig config = config("prod", Map.ofEntries(
                Map.entry("OPENAI_BASE_URL", "http://simulator:8090/v1"),
                Map.entry("OPENAI_API_KEY", "sk-from-env"),
                Map.entry("OVERTIME_WORKER_MAX_IN_FLIGHT", "64"),
                Map.entry("OVERTIME_WORKER_INSTANCE_ID", "worker-a"),
                Map.entry("OVERTIME_WORKER_LEASE", "7s"),
                Map.entry("OVERTIME_WORKER_SWEEP_INTERVAL", "1s"),
                Map.entry("OVERTIME_WORKER_REQUEUE_STALE_AFTER", "3s"),
                Map.entry("OVERTIME_WORKER_SHUTDOWN_GRACE", "9s"),
                Map.entry("OVERTIME_WORKER_STORE_RETRY_FOR", "11s"),
                Map.entry("OVERTIME_WORKER_OPENAI_TIMEOUT", "4s"),
                Map.entry("OVERTIME_WORKER_RETRY_MAX_ATTEMPTS", "2"),
                Map.entry("OVERTIME_WORKER_RETRY_INITIAL_BACKOFF", "200ms"),
                Map.entry("OVERTIME_WORKER_RETRY_MAX_BACKOFF", "1s")));
        WorkerConfig worker = config.getConfigMapping(WorkerConfig.class);

        assertEquals("http://simulator:8090/v1", worker.openai().baseUrl());
        assertEquals(Optional.of("sk-from-env"), worker.openai().apiKey());
        assertEquals(64, worker.maxInFlight());
        assertEquals(64, config.getValue(MAX_CONCURRENCY, Integer.class));
        assertEquals(Optional.of("worker-a"), worker.instanceId());
        assertEquals(Duration.ofSeconds(7), worker.lease());
        assertEquals(Duration.ofSeconds(1), worker.sweepInterval());
        assertEquals(Duration.ofSeconds(3), worker.requeueStaleAfter());
        assertEquals(Duration.ofSeconds(9), worker.shutdownGrace());
        assertEquals(Duration.ofSeconds(11), worker.storeRetryFor());
        assertEquals(Duration.ofSeconds(4), worker.openai().timeout());
        assertEquals(2, worker.retry().maxAttempts());
        assertEquals(Duration.ofMillis(200), worker.retry().initialBackoff());
        assertEquals(Duration.ofSeconds(1), worker.retry().maxBackoff());
    }

    @Test
    void ownEnvironmentNameWinsOverOpenAisConventionalOne() {
        SmallRyeConfig config = config("prod", Map.of(
                "OPENAI_BASE_URL", "http://conventional/v1",
                "OVERTIME_WORKER_OPENAI_BASE_URL", "http://own/v1"));

        assertEquals("http://own/v1", config.getConfigMapping(WorkerConfig.class).openai().baseUrl());
    }

    @Test
    void testProfileShortensOnlyTheSweeperLeasesAndRetries() {
        WorkerConfig worker = config("test", Map.of()).getConfigMapping(WorkerConfig.class);

        assertEquals(Duration.ofMillis(500), worker.sweepInterval());
        assertEquals(Duration.ofSeconds(5), worker.lease());
        assertEquals(Duration.ofSeconds(10), worker.requeueStaleAfter());
        assertEquals(3, worker.retry().maxAttempts());
        assertEquals(Duration.ofMillis(100), worker.retry().initialBackoff());
        assertEquals(Duration.ofMillis(500), worker.retry().maxBackoff());
        assertEquals(Duration.ofSeconds(60), worker.shutdownGrace(), "everything else keeps its production default");
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) {
        URL properties = WorkerConfigTest.class.getClassLoader().getResource("application.properties");
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    // Quarkus reads "30s" and "500ms"; plain SmallRye only reads ISO-8601 durations.
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withProfile(profile)
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withSources(new EnvConfigSource(environment, 300))
                    .withMapping(WorkerConfig.class)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
