package dev.overtime.api.config;

import dev.overtime.outbox.OutboxSettings;
import dev.overtime.api.upstream.TimeoutProfile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything operators can tune in api-service, with the production defaults in one place: the one
 * {@code @ConfigMapping} of this service. Each key is settable as an environment variable
 * ({@code overtime.api.submission.reuse-window} is {@code OVERTIME_API_SUBMISSION_REUSE_WINDOW});
 * {@code application.properties} holds only what differs from the defaults here.
 */
@ConfigMapping(prefix = "overtime.api")
public interface ApiConfig {

    /** Bearer token for {@code /admin/*}; when unset the admin API is closed. */
    Optional<String> adminToken();

    /**
     * How long a replica trusts a key it has resolved before asking the database again; also how long a key revoked
     * on another replica may still work here. {@code 0s} checks the database on every request.
     */
    @WithDefault("30s")
    Duration keyCacheTtl();

    /** Job-scoped browser tokens ({@code POST /v1/image-edits/{id}/tokens}), under {@code overtime.api.job-tokens}. */
    JobTokens jobTokens();

    /** How credentials are accepted, under {@code overtime.api.auth}. */
    Auth auth();

    interface JobTokens {
        /**
         * The HMAC-SHA256 key tokens are signed with: at least 32 characters, the same on every replica (a token
         * minted on one is read on another). Required: no default outside %dev and %test.
         */
        String secret();

        /**
         * Earlier secrets, still accepted (never used to sign) while the tokens signed with them live out: to rotate,
         * move the secret here, set a new one, and drop the old one after {@code max-ttl}.
         */
        Optional<List<String>> previousSecrets();

        /** A token's life when the request names no {@code ttlSeconds}. */
        @WithDefault("15m")
        Duration defaultTtl();

        /** The longest {@code ttlSeconds} a request may ask for. */
        @WithDefault("1h")
        Duration maxTtl();
    }

    interface Auth {
        /**
         * Compatibility for one release, then removed: accept a full API key as {@code ?access_token=} on the event
         * stream and {@code /v1/ws}, as before job tokens (each use logged at WARN, at most once a minute).
         */
        @WithDefault("false")
        boolean allowApiKeyInUrl();
    }

    /** Model used when a request names none (OpenAI's own default). */
    @WithDefault("gpt-image-1.5")
    String defaultModel();

    /** What each model accepts; a model missing here is answered with {@code UNKNOWN_MODEL}. */
    Map<String, ModelCapabilities> models();

    Uploads uploads();

    Polling polling();

    /** The shared outbox relay's pacing, under {@code overtime.api.outbox.*} (defaults in {@link OutboxSettings}). */
    OutboxSettings outbox();

    /**
     * No response takes longer than this, whatever the upstreams do; below the 29 s that API
     * gateways in front of serverless frontends allow.
     */
    @WithDefault("25s")
    Duration requestDeadline();

    /**
     * How much of the deadline is kept for answering: a {@code Prefer: wait} ends this long before the deadline (and
     * answers the job as it is then), and a submit with less time left than this is rolled back rather than committed
     * with no time to say so.
     */
    @WithDefault("1s")
    Duration requestDeadlineMargin();

    /** Streams, sockets, waits, request rates, key lookups and slow clients, under {@code overtime.api.limits}. */
    LimitsConfig limits();

    TimeoutProfiles timeoutProfiles();

    Moderation moderation();

    Accounts accounts();

    Submission submission();

    OpenApi openapi();

    Metrics metrics();

    /** The per-replica cache of job states that answers {@code GET /v1/image-edits/{id}} and its 304s. */
    JobCache jobCache();

    /**
     * How each replica keeps the jobs it answered for ready: entries are dropped as the change feed (or this
     * replica's own write) announces a change, and none is served older than {@code max-staleness}, whatever the feed
     * does: that bounds how long a change no event announces (a retry put back in the queue, retention expiring an
     * output) or a stalled feed can go unseen here.
     */
    interface JobCache {
        /** {@code 0s} turns the cache off: every status read goes to PostgreSQL. */
        @WithDefault("1s")
        Duration maxStaleness();

        /**
         * The feed counts as behind while the last event it delivered was older than this when it arrived (a replay
         * after an outage, a consumer that cannot keep up): the cache is then bypassed until a fresh event arrives.
         */
        @WithDefault("5s")
        Duration maxFeedDelay();

        /** Bounds by count and by the bytes of the rendered bodies; a full cache answers from PostgreSQL. */
        @WithDefault("20000")
        int maxEntries();

        @WithDefault("16777216")
        long maxBytes();

        /** How often this replica reads the head of the queue (the lowest queued ticket) for queue positions. */
        @WithDefault("1s")
        Duration queueHeadRefresh();
    }

    /** The fleet-wide gauges (queue depth and age, dead letters), sampled on a schedule rather than per scrape. */
    interface Metrics {
        /**
         * How often a replica samples them; replicas take turns through a PostgreSQL advisory lock, so at most one
         * runs the queries at a time.
         */
        @WithDefault("15s")
        Duration sampleInterval();
    }

    /** The OpenAPI document ({@code /q/openapi}) and Swagger UI ({@code /q/swagger-ui}) on the public port. */
    interface OpenApi {
        /** Off for deployments that publish no API documentation; both answer 404 then. */
        @WithDefault("true")
        boolean enabled();
    }

    /** Change feed, SSE, WebSocket, {@code Prefer: wait}, estimates and webhooks; their keys have no group prefix. */
    @WithParentName
    PushConfig push();

    /**
     * Upstream timeouts by profile, in milliseconds. Each guarded client method's
     * {@code quarkus.fault-tolerance."<class>/<method>".timeout.value} defaults to its profile's value.
     */
    interface TimeoutProfiles {
        @WithDefault("" + TimeoutProfile.OPTIONAL_MS)
        long optionalMs();

        @WithDefault("" + TimeoutProfile.DEFAULT_MS)
        long defaultMs();

        @WithDefault("" + TimeoutProfile.CRITICAL_MS)
        long criticalMs();
    }

    interface Moderation {
        /**
         * Verdicts kept per replica, by SHA-256 of model and prompt (all that moderation is sent), for
         * {@code verdict-ttl}; {@code 0} keeps none. Only real verdicts are kept, never a fallback's "skipped".
         */
        @WithDefault("10000")
        int verdictCacheSize();

        /** How long a verdict is reused: a moderation model update is seen by every replica within it. */
        @WithDefault("10m")
        Duration verdictTtl();

        /** Off only for stacks with no moderation endpoint at all; jobs then record moderation as skipped. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("omni-moderation-latest")
        String model();

        /** Bearer token for the moderation endpoint (OpenAI's key); never logged. */
        Optional<String> apiKey();

        /** What a moderation timeout or failure means for the request. */
        @WithDefault("fail-open")
        OnFailure onFailure();

        enum OnFailure {
            /** Accept the job, record moderation as skipped, answer degraded. */
            FAIL_OPEN,
            /** Refuse with the upstream envelope (504, 502 or 503). */
            FAIL_CLOSED
        }
    }

    interface Accounts {
        /** Used when the accounts upstream fails and nothing is cached for the owner; without it such requests fail. */
        Optional<Plan> defaultPlan();

        /** Owners whose last entitlements are kept as a fallback. */
        @WithDefault("10000")
        int cacheSize();

        /**
         * How long an accepted edit's {@code n} stays reserved against the owner's {@code remainingCredits}: about as
         * long as the accounts service takes to show it there. Longer counts recent edits twice (refusing early, never
         * overspending); shorter lets edits older than it, not yet shown, be spent again. {@code 0s} turns it off.
         */
        @WithDefault("2m")
        Duration reservationWindow();

        /**
         * How long a live answer of the accounts service is reused for the same owner. Must stay below
         * {@code reservation-window}: every edit accepted since that answer is then still counted as reserved, so
         * reusing it can refuse early but never overspend. {@code 0s} asks on every submit.
         */
        @WithDefault("5s")
        Duration entitlementTtl();
    }

    interface Plan {
        String name();

        long remainingCredits();

        /** Empty means every configured model. */
        Optional<List<String>> allowedModels();

        int maxN();
    }

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

        /**
         * Multipart parts of any kind but {@code deadline} and {@code reuse}; far above the 16 images + mask + 12
         * fields a valid edit needs.
         */
        @WithDefault("64")
        int maxParts();

        /** Decoding guard: a tiny file can declare a huge canvas. */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * Request bytes this process accepts at once, counted from each upload's Content-Length (a body without one
         * counts as {@link #maxRequestBytes()}) before a byte of it is read; over it: {@code 503 OVERLOADED} with
         * Retry-After. Bodies spool to disk, so this bounds the disk and the decoding work in flight, not the heap.
         */
        @WithDefault("536870912")
        long maxInFlightBytes();

        /**
         * A body that is not multipart (a JSON edit, a batch, an admin call) is read whole into the heap, so it is
         * limited far below {@link #maxRequestBytes()}: a 500-item batch of URL edits takes about 150 KB; over it:
         * {@code 413 PAYLOAD_TOO_LARGE} from the head, and {@code 411 LENGTH_REQUIRED} for a body of unknown length.
         */
        @WithDefault("4194304")
        long maxJsonBytes();

        /**
         * Heap this process gives such bodies at once, reserved from each Content-Length before a byte is read; over
         * it: {@code 503 OVERLOADED} with Retry-After. 64 MiB is an eighth of a 512 MiB heap.
         */
        @WithDefault("67108864")
        long maxInFlightJsonBytes();

        /**
         * Decoded bytes a file may grow to without a size check: a real photo inflates a few times, a flat mask
         * hundreds of times but is small. Past this, {@link #maxInflateRatio()} applies.
         */
        @WithDefault("25165824")
        long unguardedDecodedBytes();

        /**
         * Past {@link #unguardedDecodedBytes()}, how many times its file's size an image may decode to before it is
         * refused as a decompression bomb ({@code IMAGE_TOO_LARGE}), without inflating a byte of it.
         */
        @WithDefault("100")
        int maxInflateRatio();

        /**
         * Heap for the full rasters some checks need at once (a mask's alpha scan, a WebP frame): 4 bytes a pixel.
         * A request that can't get its share within a few seconds is answered {@code 503 OVERLOADED}.
         */
        @WithDefault("100663296")
        long decodeBudgetBytes();
    }

    Outputs outputs();

    interface Outputs {
        /**
         * {@code GET /v1/image-edits/{id}/outputs/{i}} answers 302 to a presigned URL of the object (true), or
         * streams the bytes through the API (false: for buckets only the cluster may reach).
         */
        @WithDefault("true")
        boolean redirect();

        /** How long a presigned output URL works. */
        @WithDefault("15m")
        Duration urlTtl();
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

    /** How long idempotency keys and reusable results live. */
    interface Submission {
        /** An Idempotency-Key is remembered this long (Stripe keeps 24 h). */
        @WithDefault("24h")
        Duration idempotencyTtl();

        /**
         * A key whose first request never finished (its API replica died mid-request) may be taken over by a retry
         * after this long; until then the retry is answered 409 IDEMPOTENCY_IN_PROGRESS.
         */
        @WithDefault("60s")
        Duration idempotencyInFlightTimeout();

        /** With {@code reuse=true}, a succeeded job with the same inputs finished within this window is reused. */
        @WithDefault("24h")
        Duration reuseWindow();

        /** Items one {@code POST /v1/image-edit-batches} may hold; more: 400 TOO_MANY_ITEMS, nothing stored. */
        @WithDefault("500")
        int maxBatchItems();
    }
}
