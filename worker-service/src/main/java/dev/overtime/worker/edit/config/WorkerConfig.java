package dev.overtime.worker.edit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The worker's own settings, production defaults visible here; everything is settable by environment variable. */
@ConfigMapping(prefix = "overtime.worker")
public interface WorkerConfig {

    /**
     * How many edits one worker runs at once. Bounds the virtual-thread concurrency of the consumer and sizes
     * the upstream connection pool, so neither queues work behind the other.
     */
    @WithDefault("512")
    int maxInFlight();

    OpenAi openai();

    interface OpenAi {

        /** Base URL of the OpenAI API, without the trailing path of the endpoint. */
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** Bearer key; empty means the upstream will answer 401 and the job fails as UPSTREAM_AUTH_FAILED. */
        Optional<String> apiKey();

        /** How long one edit may take; OpenAI answers in 40 to 120 s, so this sits well above that. */
        @WithDefault("180s")
        Duration timeout();

        @WithDefault("10s")
        Duration connectTimeout();
    }
}
