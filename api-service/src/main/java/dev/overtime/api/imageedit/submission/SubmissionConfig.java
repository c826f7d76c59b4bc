package dev.overtime.api.imageedit.submission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long idempotency keys and reusable results live; production defaults here, all settable by env var. */
@ConfigMapping(prefix = "overtime.api.submission")
public interface SubmissionConfig {

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
}
