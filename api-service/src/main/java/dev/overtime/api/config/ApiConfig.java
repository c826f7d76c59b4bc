package dev.overtime.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything operators can tune in api-service, with the production defaults in one place. */
@ConfigMapping(prefix = "overtime.api")
public interface ApiConfig {

    /** Bearer token for {@code /admin/*}; when unset the admin API is closed. */
    Optional<String> adminToken();

    /** Model used when a request names none (OpenAI's own default). */
    @WithDefault("gpt-image-1.5")
    String defaultModel();

    /** What each model accepts; a model missing here is answered with {@code UNKNOWN_MODEL}. */
    Map<String, ModelCapabilities> models();

    Uploads uploads();

    Polling polling();

    Outbox outbox();

    interface Uploads {
        /** Per-file limit, OpenAI's own for GPT image models. */
        @WithDefault("50000000")
        long maxImageBytes();

        /** OpenAI's mask limit. */
        @WithDefault("4000000")
        long maxMaskBytes();

        /** Whole request body; keep in step with quarkus.http.limits.max-body-size. */
        @WithDefault("67108864")
        long maxRequestBytes();

        /** Multipart parts of any kind; far above the 16 images + mask + 12 fields a valid edit needs. */
        @WithDefault("64")
        int maxParts();

        /** Decoding guard: a tiny file can declare a huge canvas. */
        @WithDefault("40000000")
        long maxPixels();
    }

    interface Polling {
        /** Retry-After while a job waits in the queue. */
        @WithDefault("5")
        int queuedRetryAfterSeconds();

        /** Retry-After while a job runs. */
        @WithDefault("3")
        int runningRetryAfterSeconds();

        @WithDefault("20")
        int defaultPageSize();

        @WithDefault("100")
        int maxPageSize();
    }

    interface Outbox {
        /** How often the relay looks for unpublished rows when nobody nudged it. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for Kafka to acknowledge one record. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
